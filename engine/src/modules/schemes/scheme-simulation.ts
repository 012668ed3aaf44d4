// Simulates a scheme version for a period on current data, beside the scheme's active version.
// Reads only: nothing is recorded, proposed or alerted.
import type { EntityManager } from '@mikro-orm/sql';
import { references, renderTrace } from '@yardstick/rules';
import {
  compileScheme,
  type EvaluationContext,
  evaluateSchemeForEmployee,
  type SchemeDefinition,
  type SchemeEvaluation,
  schemeCovers,
} from '@yardstick/workflows/shared';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Metric } from '../../db/entities/metric.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import type { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { createCalendarLookup } from '../../domain/calendar.ts';
import type { Period } from '../../domain/period.ts';
import type { AccessScope } from '../../http/access-scope.ts';
import { scopeAllows } from '../../http/access-scope.ts';
import { fromMinor, toMinor } from '../../lib/money.ts';
import type { DealRef } from '../kpi/metric.service.ts';
import { workingCalendarFor } from '../organization/working-calendar.ts';
import { type KpiFigure, kpiInputsFor } from './kpi-inputs.ts';

export interface Participant {
  employee: Employee;
  departmentKey: string;
  context: EvaluationContext;
  inputs: Record<string, KpiFigure>;
}

/** The employees a version covers (narrowed to `only` and to the caller's scope) with their rule contexts. */
export async function participantsOf(
  em: EntityManager,
  definitions: readonly SchemeDefinition[],
  period: Period,
  scope: AccessScope,
  only?: readonly string[],
  options: { excludeDeals?: readonly DealRef[]; metrics?: Iterable<string> } = {},
): Promise<Participant[]> {
  const organization = await em.findOneOrFail(Organization, { id: 1 });
  const departments = new Map((await em.find(Department, {})).map((d) => [d.id, d.key]));
  const calendar = createCalendarLookup(await workingCalendarFor(em, period));
  const workingDays = calendar.countWorkingDays(period.start, period.end);
  // only people employed for part of the period at least take part
  const employees = (
    await em.find(Employee, only ? { id: { $in: [...only] } } : {}, { orderBy: { name: 'asc', id: 'asc' } })
  ).filter(
    (e) =>
      scopeAllows(scope, e) &&
      (!e.hiredOn || e.hiredOn <= period.end) &&
      (!e.leftOn || e.leftOn >= period.start) &&
      definitions.some((d) => schemeCovers(d.scope, e, departments.get(e.department) ?? '')),
  );
  const used = metricsUsedBy(definitions);
  for (const key of options.metrics ?? []) used.add(key);
  const metrics = (await em.find(Metric, {}, { orderBy: { key: 'asc' } })).filter((m) => used.has(m.key));
  const inputs = await kpiInputsFor(em, employees, metrics, period, organization, options);
  return employees.map((employee) => {
    const departmentKey = departments.get(employee.department) ?? '';
    const kpi = inputs.get(employee.id) ?? {};
    const from = employee.hiredOn && employee.hiredOn > period.start ? employee.hiredOn : period.start;
    const to = employee.leftOn && employee.leftOn < period.end ? employee.leftOn : period.end;
    const workedDays = calendar.countWorkingDays(from, to);
    return {
      employee,
      departmentKey,
      inputs: kpi,
      context: {
        employee: {
          id: employee.id,
          name: employee.name,
          role: employee.role,
          department: departmentKey,
          base_bonus: fromMinor(employee.baseBonusMinor, organization.currency),
        },
        period: { key: period.key, start: period.start, end: period.end, working_days: workingDays },
        kpi: structuredClone(kpi),
        // read by the evaluator only when the scheme prorates by working days
        proration: { share: workingDays === 0 ? 1 : workedDays / workingDays, workingDays, workedDays },
      },
    };
  });
}

export function simulationView(result: SchemeEvaluation, withTrace: boolean) {
  if (!withTrace) return { ...result, trace: null, explanation: null };
  return {
    ...result,
    explanation: result.trace ? { en: renderTrace(result.trace, 'en'), ru: renderTrace(result.trace, 'ru') } : null,
  };
}

export async function simulate(
  em: EntityManager,
  version: SchemeVersion,
  active: SchemeVersion | null,
  period: Period,
  scope: AccessScope,
  only?: readonly string[],
  withTrace = true,
) {
  const participants = await participantsOf(em, [version.definition], period, scope, only);
  const currency = version.definition.currency ?? 'RUB';
  let total = 0n;
  let activeTotal = 0n;
  const items = participants.map((p) => {
    const result = evaluateSchemeForEmployee(version.definition, p.context);
    const covered = active ? schemeCovers(active.definition.scope, p.employee, p.departmentKey) : false;
    const before = active && covered ? evaluateSchemeForEmployee(active.definition, p.context) : null;
    const minor = result.payout === null ? null : BigInt(toMinor(result.payout, result.currency));
    const beforeMinor =
      before?.payout != null && before.currency === result.currency
        ? BigInt(toMinor(before.payout, before.currency))
        : null;
    total += minor ?? 0n;
    activeTotal += beforeMinor ?? 0n;
    return {
      employee: { id: p.employee.id, name: p.employee.name, department: p.departmentKey, role: p.employee.role },
      inputs: p.inputs,
      result: simulationView(result, withTrace),
      active: before ? simulationView(before, withTrace) : null,
      difference: minor !== null && beforeMinor !== null ? fromMinor(minor - beforeMinor, result.currency) : null,
    };
  });
  return {
    period: { key: period.key, start: period.start, end: period.end },
    version: { id: version.id, version: version.version, status: version.status },
    active: active ? { id: active.id, version: active.version } : null,
    items,
    totals: {
      payout: fromMinor(total, currency),
      active: active ? fromMinor(activeTotal, currency) : null,
      difference: active ? fromMinor(total - activeTotal, currency) : null,
    },
  };
}

/**
 * What the studio's live preview evaluates in the browser: the employees a scope covers (and the caller may see)
 * with their rule contexts for the period, carrying the named metrics and those the active version reads, and
 * what the active version pays each of them.
 */
export async function previewInputs(
  em: EntityManager,
  draft: { scope: SchemeDefinition['scope']; periodKind: SchemeDefinition['periodKind']; metrics: readonly string[] },
  active: SchemeVersion | null,
  period: Period,
  scope: AccessScope,
) {
  const covering: SchemeDefinition = {
    scope: draft.scope,
    periodKind: draft.periodKind,
    kpis: [],
    payout: null,
    alertRules: [],
  };
  const metrics = new Set(draft.metrics);
  if (active) for (const key of metricsUsedBy([active.definition])) metrics.add(key);
  const participants = await participantsOf(em, [covering], period, scope, undefined, { metrics });
  const activeScheme = active ? compileScheme(active.definition, { trace: false }) : null;
  return {
    period: { key: period.key, start: period.start, end: period.end },
    active: active ? { id: active.id, version: active.version, currency: active.definition.currency ?? 'RUB' } : null,
    participants: participants.map((p) => {
      const covered = active && activeScheme && schemeCovers(active.definition.scope, p.employee, p.departmentKey);
      const result = covered ? activeScheme.evaluate(p.context) : null;
      return {
        employee: { id: p.employee.id, name: p.employee.name, department: p.departmentKey, role: p.employee.role },
        context: p.context as EvaluationContext & {
          employee: { id: string; base_bonus: string };
          period: { key: string; start: string; end: string };
          kpi: Record<string, KpiFigure>;
          proration: { share: number; workingDays: number; workedDays: number };
        },
        active: result ? { payout: result.payout, currency: result.currency } : null,
      };
    }),
  };
}

/** The metric keys the versions read: their KPI lines and the `kpi.*` their payout and alert rules name. */
export function metricsUsedBy(definitions: readonly SchemeDefinition[]): Set<string> {
  const keys = new Set<string>();
  for (const definition of definitions) {
    for (const line of definition.kpis) keys.add(line.metric);
    const rules = [definition.payout, ...definition.alertRules.map((rule) => rule.when)];
    for (const rule of rules) {
      if (rule === null || rule === undefined) continue;
      try {
        for (const key of references(rule).kpis) keys.add(key);
      } catch {
        // an invalid rule reads nothing; publishing reports it
      }
    }
  }
  return keys;
}
