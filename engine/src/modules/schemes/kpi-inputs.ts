// The KPI actuals and plans a scheme evaluation reads, per employee: actuals from the KPI metric
// service (SQL aggregation with a streaming fallback), plans from the nearest scope that has one —
// the employee's own, then their team's, their department's, the company's.
import type { EntityManager } from '@mikro-orm/sql';
import { Metric } from '../../db/entities/metric.entity.ts';
import { Plan } from '../../db/entities/plan.entity.ts';
import { dialectOf } from '../../db/migrations/dialect.ts';
import type { Period } from '../../domain/period.ts';
import { computeActuals, type DealRef } from '../kpi/metric.service.ts';

export type KpiFigure = {
  actual: number | null;
  plan: number | null;
};

/** employee id → metric key → actual and plan */
export type KpiInputs = Map<string, Record<string, KpiFigure>>;

export async function kpiInputsFor(
  em: EntityManager,
  employees: readonly { id: string; department: string; team?: string | null }[],
  metrics: readonly Metric[],
  period: Period,
  organization: { timeZone: string; currency: string },
  options: { excludeDeals?: readonly DealRef[] } = {},
): Promise<KpiInputs> {
  const inputs: KpiInputs = new Map(employees.map((e) => [e.id, {}]));
  if (employees.length === 0 || metrics.length === 0) return inputs;
  const ids = employees.map((e) => e.id);
  // ratio and formula metrics read the metrics they name, so the service gets the whole catalog
  const catalog = new Map((await em.find(Metric, {})).map((m) => [m.key, m]));
  const actuals = await computeActuals(em, {
    catalog,
    keys: metrics.map((m) => m.key),
    period,
    timeZone: organization.timeZone,
    currency: organization.currency,
    dialect: dialectOf(em.config),
    employeeIds: ids,
    excludeDeals: options.excludeDeals,
  });

  // only the scopes these employees read: a batch of a 10,000-employee close reads its 200 employees' plans, not all
  const scopes = [
    ...new Set(
      employees.flatMap((e) => [
        `employee:${e.id}`,
        ...(e.team ? [`team:${e.team}`] : []),
        `department:${e.department}`,
        'company',
      ]),
    ),
  ];
  const plans: Plan[] = [];
  for (let at = 0; at < scopes.length; at += 500) {
    plans.push(
      ...(await em.find(Plan, {
        period: period.key,
        metric: { $in: metrics.map((m) => m.id) },
        scopeKey: { $in: scopes.slice(at, at + 500) },
      })),
    );
  }
  const target = new Map(plans.map((p) => [`${p.metric}|${p.scopeKey}`, Number(p.target)]));
  for (const employee of employees) {
    const figures = inputs.get(employee.id) as Record<string, KpiFigure>;
    const scopes = [
      `employee:${employee.id}`,
      ...(employee.team ? [`team:${employee.team}`] : []),
      `department:${employee.department}`,
      'company',
    ];
    for (const metric of metrics) {
      const plan = scopes.map((scope) => target.get(`${metric.id}|${scope}`)).find((t) => t !== undefined);
      figures[metric.key] = {
        actual: actuals.get(metric.key)?.forEmployee(employee.id).value ?? null,
        plan: plan ?? null,
      };
    }
  }
  return inputs;
}
