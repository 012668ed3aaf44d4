// The KPI actuals and plans a scheme evaluation reads, per employee. A stand-in for the metric
// service: count and sum metrics filtered by event type, aggregated in SQL, and the plan table.
// The one place to switch to the KPI service once it exists.
import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Event } from '../../db/entities/event.entity.ts';
import type { Metric } from '../../db/entities/metric.entity.ts';
import { Plan } from '../../db/entities/plan.entity.ts';
import { addDays, type Period, startOfDay } from '../../domain/period.ts';
import { fromMinor } from '../../lib/money.ts';

export type KpiFigure = {
  actual: number | null;
  plan: number | null;
};

/** employee id → metric key → actual and plan */
export type KpiInputs = Map<string, Record<string, KpiFigure>>;

export async function kpiInputsFor(
  em: EntityManager,
  employees: readonly { id: string; department: string }[],
  metrics: readonly Metric[],
  period: Period,
  organization: { timeZone: string; currency: string },
): Promise<KpiInputs> {
  const inputs: KpiInputs = new Map(employees.map((e) => [e.id, {}]));
  if (employees.length === 0) return inputs;
  const ids = employees.map((e) => e.id);
  const from = startOfDay(period.start, organization.timeZone);
  const to = startOfDay(addDays(period.end, 1), organization.timeZone);

  for (const metric of metrics) {
    const types = eventTypesOf(metric.filter);
    const supported = (metric.aggregation === 'count' || metric.aggregation === 'sum') && types !== undefined;
    const actuals = new Map<string, number>();
    if (supported) {
      const rows = (await em
        .createQueryBuilder(Event, 'e')
        .select(['e.employee', raw('count(*) as n'), raw('sum(e.amount_minor) as total')])
        .where({ employee: { $in: ids }, type: { $in: types }, occurredAt: { $gte: from, $lt: to } })
        .groupBy('e.employee')
        .execute('all', false)) as { employee_id: string; n: number | string; total: number | string | null }[];
      for (const row of rows) {
        const value =
          metric.aggregation === 'count'
            ? Number(row.n)
            : Number(fromMinor(BigInt(row.total ?? 0), organization.currency));
        actuals.set(row.employee_id, value);
      }
    }
    for (const id of ids) {
      (inputs.get(id) as Record<string, KpiFigure>)[metric.key] = {
        actual: supported ? (actuals.get(id) ?? 0) : null,
        plan: null,
      };
    }
  }

  // an employee's own plan wins over their department's, which wins over the company's
  const plans = await em.find(Plan, { period: period.key, metric: { $in: metrics.map((m) => m.id) } });
  const keyOf = new Map(metrics.map((m) => [m.id, m.key]));
  for (const e of employees) {
    const figures = inputs.get(e.id) as Record<string, KpiFigure>;
    for (const metric of metrics) {
      const candidates = plans.filter((p) => p.metric === metric.id);
      const plan =
        candidates.find((p) => p.employee === e.id) ??
        candidates.find((p) => !p.employee && p.department === e.department) ??
        candidates.find((p) => !p.employee && !p.department);
      const key = keyOf.get(metric.id) as string;
      if (plan && figures[key]) figures[key].plan = Number(plan.target);
    }
  }
  return inputs;
}

/** The event types a metric filter selects, for the shapes `type == x` and `type in [x, y]`. */
function eventTypesOf(filter: unknown): string[] | undefined {
  if (filter === null || typeof filter !== 'object') return undefined;
  const [op, args] = Object.entries(filter)[0] ?? [];
  if (!Array.isArray(args) || args.length !== 2) return undefined;
  const [left, right] = args as [unknown, unknown];
  const isTypeVar = (v: unknown) => v !== null && typeof v === 'object' && (v as { var?: unknown }).var === 'type';
  if ((op === '==' || op === '===') && isTypeVar(left) && typeof right === 'string') return [right];
  if ((op === '==' || op === '===') && isTypeVar(right) && typeof left === 'string') return [left];
  if (op === 'in' && isTypeVar(left) && Array.isArray(right) && right.every((t) => typeof t === 'string')) {
    return right as string[];
  }
  return undefined;
}
