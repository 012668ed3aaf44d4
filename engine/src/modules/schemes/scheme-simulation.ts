// Simulates a scheme version for a period on current data, beside the scheme's active version.
// Reads only: nothing is recorded, proposed or alerted.
import type { EntityManager } from '@mikro-orm/sql';
import { renderTrace } from '@yardstick/rules';
import {
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
import { BUILT_IN_CALENDARS, createCalendarLookup, type WorkingCalendar } from '../../domain/calendar.ts';
import type { Period } from '../../domain/period.ts';
import type { AccessScope } from '../../http/access-scope.ts';
import { scopeAllows } from '../../http/access-scope.ts';
import { fromMinor, toMinor } from '../../lib/money.ts';
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
): Promise<Participant[]> {
  const organization = await em.findOneOrFail(Organization, { id: 1 });
  const departments = new Map((await em.find(Department, {})).map((d) => [d.id, d.key]));
  const calendar = createCalendarLookup(workingCalendar());
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
  const metrics = await em.find(Metric, {}, { orderBy: { key: 'asc' } });
  const inputs = await kpiInputsFor(em, employees, metrics, period, organization);
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
 * Weekends plus the built-in production calendars (RU). A stand-in until organizations store their
 * own calendar; switch it here.
 */
function workingCalendar(): WorkingCalendar {
  return {
    weekend: [6, 7],
    holidays: BUILT_IN_CALENDARS.flatMap((y) => y.holidays),
    workdays: BUILT_IN_CALENDARS.flatMap((y) => y.workdays),
  };
}
