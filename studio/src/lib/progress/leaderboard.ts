// The leaderboard's filters as they live in the URL, and its rows grouped into rank bands.
import { monthOf, monthsUpTo, periodParam } from './periods.ts';

export type LeaderboardView = 'ranks' | 'bands';
export type Band = 'q1' | 'q2' | 'q3' | 'q4';
export const BANDS: readonly Band[] = ['q1', 'q2', 'q3', 'q4'];

/** `kpi:<scheme id>` in the `metric` parameter ranks by that scheme's weighted KPI. */
export const KPI_PREFIX = 'kpi:';

export interface LeaderboardFilters {
  /** a metric key, or `kpi:<scheme id>` */
  metric: string | undefined;
  period: string;
  /** a department id; undefined: everyone the caller may see */
  department: string | undefined;
  view: LeaderboardView;
}

/** The filters of a leaderboard URL; the metric falls back to the first the catalog offers. */
export function readFilters(params: URLSearchParams, metricKeys: readonly string[], now: Date): LeaderboardFilters {
  const metric = params.get('metric');
  return {
    metric:
      metric && (metricKeys.includes(metric) || (metric.startsWith(KPI_PREFIX) && metric.length > KPI_PREFIX.length))
        ? metric
        : metricKeys[0],
    period: periodParam(params.get('period'), monthOf(now)),
    department: params.get('department') || undefined,
    view: params.get('view') === 'bands' ? 'bands' : 'ranks',
  };
}

/** What the engine is asked to rank by. */
export function rankBy(metric: string): { metric: string } | { scheme: string } {
  return metric.startsWith(KPI_PREFIX) ? { scheme: metric.slice(KPI_PREFIX.length) } : { metric };
}

/** The periods the filter offers: the last twelve months, newest first, and the one in the URL. */
export function periodChoices(current: string, now: Date): string[] {
  const months = monthsUpTo(monthOf(now), 12).reverse();
  return months.includes(current) ? months : [current, ...months];
}

interface Row {
  employee: { id: string; name: string };
  band: Band | null;
  rank: number | null;
}

/**
 * Rows by band, best band first, those without figures last. Where the engine shows bands only,
 * each band is in name order: the order inside a band would tell the ranks it hides.
 */
export function byBand<R extends Row>(rows: readonly R[], hideOrder: boolean): { band: Band | null; rows: R[] }[] {
  const groups = [...BANDS, null].map((band) => ({ band, rows: rows.filter((r) => r.band === band) }));
  for (const group of groups) {
    if (hideOrder) group.rows.sort((a, b) => a.employee.name.localeCompare(b.employee.name));
  }
  return groups.filter((g) => g.rows.length > 0);
}
