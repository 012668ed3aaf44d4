// Progress of employees (and of teams, departments and the company) against their plans: actual,
// plan (prorated by working days for who joined or left mid-period), attainment, pace, status and a
// run-rate forecast. The HTTP routes and the benchmark both call `computeProgress`.
import type { EntityManager } from '@mikro-orm/sql';
import type { Employee } from '../../db/entities/employee.entity.ts';
import type { Metric } from '../../db/entities/metric.entity.ts';
import type { Dialect } from '../../db/migrations/dialect.ts';
import { createCalendarLookup, type WorkingCalendar } from '../../domain/calendar.ts';
import { localDateOf, type Period } from '../../domain/period.ts';
import { DEFAULT_THRESHOLDS, type ProgressStatus, statusOf } from '../../domain/progress-status.ts';
import { minorDigits } from '../../lib/money.ts';
import { type ActualValue, computeActuals, isCumulative, type MetricActuals } from './metric.service.ts';

export type Proration = 'working-days' | 'none';
export type Figure = number | string | null;

export type ProgressEmployee = Pick<Employee, 'id' | 'name' | 'department' | 'team' | 'hiredOn' | 'leftOn'>;

export interface ProgressFigures {
  metric: string;
  unit: Metric['unit'];
  actual: Figure;
  plan: Figure;
  attainment: number | null;
  pace: number;
  status: ProgressStatus | null;
  forecast: Figure;
}

export interface EmployeeProgress extends ProgressFigures {
  employee: { id: string; name: string; department: string; team: string | null };
  /** share of the employee's working days in the period that the plan covers (1 unless prorated) */
  proration: number;
}

export interface GroupProgress extends ProgressFigures {
  scope: string;
}

export interface ProgressRequest {
  period: Period;
  asOf: Date;
  timeZone: string;
  currency: string;
  dialect: Dialect;
  calendar: WorkingCalendar;
  /** the employees to report, already limited to what the caller may see */
  employees: readonly ProgressEmployee[];
  /** every employee of the organization, to total team, department and company plans */
  allEmployees?: readonly ProgressEmployee[];
  /** department id → every department id under it, itself included */
  departmentTrees?: ReadonlyMap<string, readonly string[]>;
  catalog: ReadonlyMap<string, Metric>;
  metrics: readonly Metric[];
  /** plans for team, department and company scopes to report besides the employees' own */
  groupScopes?: readonly string[];
  proration?: Proration;
  /** true: query every employee's events and pick (fast for a whole company) */
  everyone?: boolean;
}

export interface ProgressResult {
  calendar: { workingDays: number; elapsed: number; elapsedShare: number; asOf: string };
  items: EmployeeProgress[];
  groups: GroupProgress[];
}

export async function computeProgress(em: EntityManager, request: ProgressRequest): Promise<ProgressResult> {
  const { period, calendar, catalog, metrics } = request;
  const calendarLookup = createCalendarLookup(calendar);
  // employees share hire dates and the as-of day: count each span of working days once
  const spans = new Map<string, number>();
  const lookup = {
    ...calendarLookup,
    countWorkingDays(from: string, to: string): number {
      const key = `${from}|${to}`;
      const known = spans.get(key);
      if (known !== undefined) return known;
      const days = calendarLookup.countWorkingDays(from, to);
      spans.set(key, days);
      return days;
    },
  };
  const asOfDate = localDateOf(request.asOf, request.timeZone);
  const periodProgress = lookup.progressOf(period, asOfDate);

  const groupScopes = request.groupScopes ?? [];
  const allEmployees = request.allEmployees ?? request.employees;
  const members = new Map(groupScopes.map((scope) => [scope, membersOf(scope, allEmployees, request.departmentTrees)]));
  const everyone = request.everyone || groupScopes.length > 0;
  // tens of thousands of plans: read as rows, not hydrated as entities, while the events aggregate
  // (on PostgreSQL the two queries run on two pooled connections at once)
  const metricIds = metrics.map((m) => m.id);
  const scopeKeys = [...request.employees.map((e) => `employee:${e.id}`), ...groupScopes];
  const few = !everyone && scopeKeys.length <= 500;
  const [actuals, plans] = await Promise.all([
    computeActuals(em, {
      catalog,
      keys: metrics.map((m) => m.key),
      period,
      timeZone: request.timeZone,
      currency: request.currency,
      dialect: request.dialect,
      employeeIds: everyone ? undefined : request.employees.map((e) => e.id),
    }),
    metricIds.length === 0
      ? []
      : em
          .getConnection()
          .execute<{ metric_id: string; scope_key: string | null; target: string | number }[]>(
            `select metric_id, scope_key, target from plan where period = ? and metric_id in (${metricIds.map(() => '?').join(', ')})${
              few ? ` and scope_key in (${scopeKeys.map(() => '?').join(', ')})` : ''
            }`,
            [period.key, ...metricIds, ...(few ? scopeKeys : [])],
          ),
  ]);
  // employee plans by metric, then by employee id (strings already hashed), the rest by scope
  const employeeTargets = new Map(metrics.map((m) => [m.id, new Map<string, string>()]));
  const targets = new Map<string, string>();
  for (const p of plans) {
    if (p.scope_key?.startsWith('employee:')) {
      employeeTargets.get(p.metric_id)?.set(p.scope_key.slice('employee:'.length), String(p.target));
    } else targets.set(`${p.metric_id}|${p.scope_key}`, String(p.target));
  }
  const digits = minorDigits(request.currency);
  const proration = request.proration ?? 'working-days';

  const items: EmployeeProgress[] = [];
  for (const employee of request.employees) {
    // the working days the employee is employed within the period, and how many of them have passed
    const from = employee.hiredOn && employee.hiredOn > period.start ? employee.hiredOn : period.start;
    const to = employee.leftOn && employee.leftOn < period.end ? employee.leftOn : period.end;
    const employedDays = lookup.countWorkingDays(from, to);
    const share =
      proration === 'none' || periodProgress.total === 0 ? 1 : Math.min(1, employedDays / periodProgress.total);
    const elapsedDays = lookup.countWorkingDays(from, asOfDate < to ? asOfDate : to);
    const elapsedShare = employedDays === 0 ? 1 : elapsedDays / employedDays;
    const who = { id: employee.id, name: employee.name, department: employee.department, team: employee.team ?? null };
    const prorated = Math.round(share * 10_000) / 10_000;
    for (const metric of metrics) {
      const target = employeeTargets.get(metric.id)?.get(employee.id);
      const f = figuresOf(
        metric,
        (actuals.get(metric.key) as MetricActuals).forEmployee(employee.id),
        target === undefined ? null : Number(target) * share,
        elapsedShare,
        digits,
      );
      items.push({
        employee: who,
        proration: prorated,
        metric: f.metric,
        unit: f.unit,
        actual: f.actual,
        plan: f.plan,
        attainment: f.attainment,
        pace: f.pace,
        status: f.status,
        forecast: f.forecast,
      });
    }
  }

  const groups: GroupProgress[] = [];
  for (const scope of groupScopes) {
    const ids = members.get(scope) ?? [];
    for (const metric of metrics) {
      const target = targets.get(`${metric.id}|${scope}`);
      if (target === undefined) continue;
      const actual = (actuals.get(metric.key) as MetricActuals).forEmployees(ids);
      groups.push({ scope, ...figuresOf(metric, actual, Number(target), periodProgress.elapsedShare, digits) });
    }
  }

  return {
    calendar: {
      workingDays: periodProgress.total,
      elapsed: periodProgress.elapsed,
      elapsedShare: round4(periodProgress.elapsedShare),
      asOf: asOfDate,
    },
    items,
    groups,
  };
}

function membersOf(
  scope: string,
  employees: readonly ProgressEmployee[],
  trees: ReadonlyMap<string, readonly string[]> | undefined,
): string[] {
  if (scope === 'company') return employees.map((e) => e.id);
  const [kind, id] = scope.split(':') as [string, string];
  if (kind === 'team') return employees.filter((e) => e.team === id).map((e) => e.id);
  const departments = new Set(trees?.get(id) ?? [id]);
  return employees.filter((e) => departments.has(e.department)).map((e) => e.id);
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** Attainment, pace, status and forecast for one actual against one (already prorated) plan. */
export function figuresOf(
  metric: Metric,
  actual: ActualValue,
  plan: number | null,
  elapsedShare: number,
  digits: number,
): Omit<ProgressFigures, 'metric' | 'unit'> & { metric: string; unit: Metric['unit'] } {
  const cumulative = isCumulative(metric);
  // a rate (conversion, average deal, cycle time) is expected at its plan from the first day
  const pace = cumulative ? elapsedShare : elapsedShare > 0 ? 1 : 0;
  const attainment = plan === null || plan === 0 || actual.value === null ? null : actual.value / plan;
  const forecast =
    actual.value === null ? null : cumulative ? (elapsedShare > 0 ? actual.value / elapsedShare : null) : actual.value;
  const money = metric.unit === 'money';
  const show = (n: number | null): Figure =>
    n === null ? null : money ? n.toFixed(digits) : Math.round(n * 10_000) / 10_000;
  return {
    metric: metric.key,
    unit: metric.unit,
    actual: actual.money ?? show(actual.value),
    plan: show(plan),
    attainment: attainment === null ? null : round4(attainment),
    pace: round4(pace),
    status:
      attainment === null
        ? null
        : statusOf(attainment, pace, metric.direction, metric.thresholds ?? DEFAULT_THRESHOLDS),
    forecast: show(forecast),
  };
}
