// What the backtest screens show of a backtest: its overall totals across periods, its per-employee rows, how
// far it has got, and whether it still runs.
import type { Backtest, BacktestPeriodTotals, BacktestResult } from '../api/backtests.ts';
import { sumMoney } from '../money.ts';
import type { Column } from './sorting.ts';

export const BACKTESTS_DEPENDENCY = 'app:backtests';

/** How often a running backtest's status is asked for. */
export const POLL_INTERVAL_MS = 1500;

export interface OverallTotals {
  draft: string;
  paid: string;
  pending: string;
  difference: string;
  /** results over all periods (an employee counts once per period) */
  results: number;
}

/** The sums of the per-period totals: what the version would have paid over the whole backtest, against what was paid. */
export function overallTotals(totals: readonly BacktestPeriodTotals[], currency: string): OverallTotals {
  const sum = (amount: (t: BacktestPeriodTotals) => string) => sumMoney(totals.map(amount), currency);
  return {
    draft: sum((t) => t.draft),
    paid: sum((t) => t.paid),
    pending: sum((t) => t.pending),
    difference: sum((t) => t.difference),
    results: totals.reduce((n, t) => n + t.employees, 0),
  };
}

/** The share done, 0 to 1; a backtest with nothing to do is done. */
export function progressShare(backtest: Pick<Backtest, 'progress'>): number {
  const { done, total } = backtest.progress;
  return total === 0 ? 1 : Math.min(1, done / total);
}

export const isRunning = (backtest: Pick<Backtest, 'status'>) => backtest.status === 'running';

/** The rows of the per-employee table: one period's, every period's, or each employee's sum. */
export function resultsFor(
  results: readonly BacktestResult[],
  period: string | undefined,
  currency = 'RUB',
): BacktestResult[] {
  if (period === SUM_PER_EMPLOYEE) return sumPerEmployee(results, currency);
  return period ? results.filter((r) => r.period === period) : [...results];
}

export type ResultColumn = 'employee' | 'period' | 'draft' | 'paid' | 'pending' | 'difference';

export const RESULT_COLUMNS: Readonly<Record<ResultColumn, Column<BacktestResult>>> = {
  employee: { kind: 'text', value: (r) => r.employee.name },
  period: { kind: 'text', value: (r) => r.period },
  draft: { kind: 'money', value: (r) => r.draft },
  paid: { kind: 'money', value: (r) => r.paid },
  pending: { kind: 'money', value: (r) => r.pending },
  difference: { kind: 'money', value: (r) => r.difference },
};

/** Employees whose result has no payout of the version (their evaluation failed or had no data). */
export function withoutPayout(results: readonly BacktestResult[]): number {
  return results.filter((r) => r.draft == null).length;
}

export interface KpiLine {
  metric: string;
  weight: number | null;
  actual: string | null;
  plan: string | null;
  attainment: number | null;
  achievement: number | null;
}

const numberOrNull = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const figureOrNull = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value : null;

/** The KPI lines a result's evaluation stored (`outputs.achievements`); anything not shaped as one is skipped. */
export function kpiLines(outputs: Record<string, unknown>): KpiLine[] {
  const lines = Array.isArray(outputs.achievements) ? (outputs.achievements as unknown[]) : [];
  return lines.flatMap((line) => {
    if (typeof line !== 'object' || line === null) return [];
    const l = line as Record<string, unknown>;
    if (typeof l.metric !== 'string') return [];
    return [
      {
        metric: l.metric,
        weight: numberOrNull(l.weight),
        actual: figureOrNull(l.actual),
        plan: figureOrNull(l.plan),
        attainment: numberOrNull(l.attainment),
        achievement: numberOrNull(l.achievement),
      },
    ];
  });
}

/** The filter value of the per-employee table that sums each employee's periods. */
export const SUM_PER_EMPLOYEE = '*sum';

/**
 * One row per employee, summed over the backtest's periods (exactly, on minor units). The version's payout and the
 * difference stay empty when any period has none: a partial sum would read as a whole one.
 */
export function sumPerEmployee(results: readonly BacktestResult[], currency: string): BacktestResult[] {
  const byEmployee = Map.groupBy(results, (r) => r.employee.id);
  return [...byEmployee.values()].map((rows) => {
    const first = rows[0] as BacktestResult;
    const complete = rows.every((r) => r.draft != null);
    return {
      ...first,
      period: '',
      draft: complete
        ? sumMoney(
            rows.map((r) => r.draft),
            currency,
          )
        : null,
      paid: sumMoney(
        rows.map((r) => r.paid),
        currency,
      ),
      pending: sumMoney(
        rows.map((r) => r.pending),
        currency,
      ),
      difference: complete
        ? sumMoney(
            rows.map((r) => r.difference),
            currency,
          )
        : null,
      inputs: {},
      outputs: {},
    };
  });
}
