// The employee card: who they are, their goals in the period of the URL, each metric's attainment
// over the months before it, their latest CRM events and their bonus statement. The parts load
// side by side and fail on their own.
import { isRedirect } from '@sveltejs/kit';
import {
  getEmployee,
  getProgress,
  getStatement,
  listDepartments,
  listEmployeeEvents,
  listMetrics,
} from '#lib/api/progress.ts';
import { roleHas } from '#lib/auth/permissions.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { monthOf, monthsUpTo, periodParam } from '#lib/progress/periods.ts';
import { section, skipped } from '#lib/progress/sections.ts';
import type { PageLoad } from './$types';

const EMPLOYEE_DEPENDENCY = 'app:employee-card';
const HISTORY_MONTHS = 6;
const EVENTS_SHOWN = 15;

export const load: PageLoad = async ({ fetch, params, url, parent, depends }) => {
  depends(EMPLOYEE_DEPENDENCY);
  const { user } = await parent();
  const period = periodParam(url.searchParams.get('period'), monthOf(new Date()));
  const scope = `employee:${params.id}`;
  const options = { fetch };
  let employee: Awaited<ReturnType<typeof getEmployee>> | null = null;
  let error: ErrorInfo | null = null;
  try {
    employee = await getEmployee(params.id, options);
  } catch (failure) {
    if (isRedirect(failure)) throw failure;
    error = toErrorInfo(failure);
  }
  if (!employee) return { period, employee: null, error } as const;

  const months = /^\d{4}-\d{2}$/.test(period) ? monthsUpTo(period, HISTORY_MONTHS) : [period];
  const [metrics, departments, progress, history, events, statement] = await Promise.all([
    section(listMetrics(options)),
    section(listDepartments(options)),
    section(getProgress({ period, scope }, options)),
    section(Promise.all(months.map((month) => getProgress({ period: month, scope }, options)))),
    roleHas(user.role, 'events.read') ? section(listEmployeeEvents(params.id, EVENTS_SHOWN, options)) : skipped(),
    roleHas(user.role, 'statements.read') ? section(getStatement(params.id, undefined, options)) : skipped(),
  ]);
  return {
    period,
    employee,
    error: null,
    department: departments.data?.find((d) => d.id === employee.departmentId) ?? null,
    metrics,
    progress,
    history,
    events,
    statement,
  } as const;
};
