// Company and department progress for the dashboard. Where the engine has a plan of the group's
// own (a department or company plan) its figures are used as they are; otherwise the group's
// figures are its people's summed: actual and plan of those who have a plan, so attainment reads
// as "the team reached 78% of what its members were asked". Only additive metrics (money and
// counts) roll up; a conversion rate is not the sum of its parts.
import { statusOf } from '@yardstick/engine/progress-status';
import type { Figure, ProgressStatus, Unit } from './figures.ts';
import { toNumber } from './figures.ts';

export interface RollUpMetric {
  key: string;
  unit: Unit;
  direction: 'higher' | 'lower';
  thresholds: { onTrack: number; atRisk: number };
}

interface Item {
  employee: { id: string; department: string };
  metric: string;
  unit: Unit;
  actual: Figure;
  plan: Figure;
  forecast: Figure;
  pace: number;
}

interface Group {
  scope: string;
  metric: string;
  unit: Unit;
  actual: Figure;
  plan: Figure;
  attainment: number | null;
  pace: number;
  status: ProgressStatus | null;
  forecast: Figure;
}

export interface GroupFigures {
  /** `company` or `department:<id>` */
  scope: string;
  metric: string;
  unit: Unit;
  actual: number | null;
  plan: number | null;
  attainment: number | null;
  pace: number;
  status: ProgressStatus | null;
  forecast: number | null;
  /** how many people's plans make it up; null for a plan of the group's own */
  members: number | null;
}

const additive = (unit: Unit) => unit === 'money' || unit === 'count';

/**
 * Figures per scope and metric: `company` when `withCompany`, and `department:<id>` for each
 * department the items hold, in the order of `metrics`.
 */
export function rollUp(
  items: readonly Item[],
  groups: readonly Group[],
  metrics: readonly RollUpMetric[],
  elapsedShare: number,
  withCompany: boolean,
): GroupFigures[] {
  const departments = [...new Set(items.map((i) => i.employee.department))];
  const scopes = [...(withCompany ? ['company'] : []), ...departments.map((d) => `department:${d}`)];
  const own = new Map(groups.map((g) => [`${g.scope}|${g.metric}`, g]));
  const result: GroupFigures[] = [];
  for (const scope of scopes) {
    const department = scope.startsWith('department:') ? scope.slice('department:'.length) : null;
    for (const metric of metrics) {
      const plan = own.get(`${scope}|${metric.key}`);
      if (plan) {
        result.push({
          scope,
          metric: metric.key,
          unit: plan.unit,
          actual: toNumber(plan.actual),
          plan: toNumber(plan.plan),
          attainment: plan.attainment,
          pace: plan.pace,
          status: plan.status,
          forecast: toNumber(plan.forecast),
          members: null,
        });
        continue;
      }
      if (!additive(metric.unit)) continue;
      const planned = items.filter(
        (i) =>
          i.metric === metric.key &&
          toNumber(i.plan) !== null &&
          (department === null || i.employee.department === department),
      );
      if (planned.length === 0) continue;
      const sum = (pick: (i: Item) => Figure) => planned.reduce((total, i) => total + (toNumber(pick(i)) ?? 0), 0);
      const actual = sum((i) => i.actual);
      const target = sum((i) => i.plan);
      const attainment = target === 0 ? null : actual / target;
      const forecasts = planned.every((i) => toNumber(i.forecast) !== null);
      result.push({
        scope,
        metric: metric.key,
        unit: metric.unit,
        actual,
        plan: target,
        attainment,
        pace: elapsedShare,
        status: attainment === null ? null : statusOf(attainment, elapsedShare, metric.direction, metric.thresholds),
        forecast: forecasts ? sum((i) => i.forecast) : null,
        members: planned.length,
      });
    }
  }
  return result;
}
