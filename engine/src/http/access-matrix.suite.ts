// The access matrix: every role × every people/organization/audit, KPI, scheme, ledger and source
// route plus alerts, events and tokens × a target in the caller's own department or another one. One
// table says what each role gets (2xx, 403, 404); refused writes leave no audit entry; list routes
// are also checked to return exactly what the role's scope allows.
// Run on SQLite (access-matrix.test.ts) and PostgreSQL (access-matrix.postgres.int.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type InProcessApp, type SessionHeaders, startInProcessApp } from '../../test/in-process-app.ts';
import { Alert } from '../db/entities/alert.entity.ts';
import { Backtest } from '../db/entities/backtest.entity.ts';
import { newId } from '../db/entities/base.ts';
import { Notification } from '../db/entities/notification.entity.ts';
import { SchemeVersion } from '../db/entities/scheme-version.entity.ts';
import { User, type UserRole } from '../db/entities/user.entity.ts';
import { DEMO_SCHEME_DEFINITION } from '../db/seed/demo-data.ts';
import { proposeBonus, recordEvaluation } from '../modules/ledger/bonus-ledger.service.ts';

const ROLES = ['admin', 'hr', 'manager', 'employee', 'viewer'] as const satisfies readonly UserRole[];
type Role = (typeof ROLES)[number];
type Caller = Role | 'anonymous';

/** The demo's people the matrix aims at: the employee user is Алексей (crm-102, moscow-b2b, the
 * manager's department); `own` is a colleague in that department; `other` is in spb-retail. */
type Target = 'self' | 'own' | 'other' | 'none';

interface World {
  dept: Record<'own' | 'other', string>;
  team: Record<'own' | 'other', string>;
  employee: Record<'self' | 'own' | 'other', string>;
  /** the employee the manager user is (crm-101, head of moscow-b2b) */
  managerEmployee: string;
  userId: string;
  /** a month of the demo history, with events and plans */
  period: string;
  /** the demo `calls` plan of the `own` and `other` employee in that month */
  plan: Record<'own' | 'other', string>;
  /** the demo scheme (version 1 active) and one the matrix writes to (a version in pilot) */
  scheme: { demo: string; matrix: string };
  /** a draft of the matrix scheme whose review policy wants HR */
  hrReviewedVersion: string;
  /** a finished backtest of the demo scheme */
  backtest: string;
  /** the open alert of each department (acknowledging or resolving it again changes nothing: 200 with `unchanged`) */
  alert: Record<'own' | 'other', string>;
}

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** the route as documented */
  route: string;
  targets: Target[];
  /** the concrete path for a target; may create what it deletes (as admin) */
  path: (w: World, target: Target, make: Maker, caller: Caller) => string | Promise<string>;
  body?: (w: World, target: Target, caller: Caller) => unknown;
  /** the status each role gets; a function when it depends on the target */
  expect: Partial<Record<Role, number | ((target: Target) => number)>>;
}

/** creates what a row deletes or decides: as admin (a token as `owner`, a review for `target`'s bonus) */
type Maker = (
  kind:
    | 'department'
    | 'team'
    | 'employee'
    | 'user'
    | 'calendar'
    | 'token'
    | 'metric'
    | 'plan'
    | 'draft'
    | 'pilot'
    | 'paused'
    | 'review'
    | 'alert'
    | 'notification',
  options?: { owner?: Role; target?: Target; employeeId?: string; schemeVersionId?: string },
) => Promise<string>;

const everyone = (status: number) => Object.fromEntries(ROLES.map((r) => [r, status])) as Record<Role, number>;
const only = (allowed: Role[], status: number) =>
  Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? status : 403])) as Record<Role, number>;
/** readers see everything, managers their departments, employees themselves; outside: 404 */
const scoped = {
  admin: 200,
  hr: 200,
  viewer: 200,
  manager: (t: Target) => (t === 'other' ? 404 : 200),
  employee: (t: Target) => (t === 'self' ? 200 : 404),
};
const ownOnly = (t: Target) => (t === 'own' ? 204 : 404);
const scopedDepartment = { ...scoped, employee: (t: Target) => (t === 'other' ? 404 : 200) };
/** a scope asked for in a query (progress, leaderboard) beyond the caller's view is refused, not hidden */
const scopedQuery = {
  admin: 200,
  hr: 200,
  viewer: 200,
  manager: (t: Target) => (t === 'other' ? 403 : 200),
  employee: (t: Target) => (t === 'self' ? 200 : 403),
};
/** reviewers decide within their scope (outside it: 404); employees and viewers never */
const decides = { ...only(['admin', 'hr', 'manager'], 200), manager: (t: Target) => (t === 'other' ? 404 : 200) };
const side = (t: Target) => t as 'own' | 'other';
const person = (t: Target) => t as 'self' | 'own' | 'other';

let sequence = 0;
function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}
/** a year no plan uses yet, so each plan a row creates is new */
const unusedYear = () => String(2100 + Number(unique('y').slice(2)));

const ROWS: Row[] = [
  {
    method: 'GET',
    route: '/api/organization',
    targets: ['none'],
    path: () => '/api/organization',
    expect: everyone(200),
  },
  {
    method: 'PATCH',
    route: '/api/organization',
    targets: ['none'],
    path: () => '/api/organization',
    body: () => ({ locale: 'ru' }),
    expect: only(['admin'], 200),
  },
  {
    method: 'GET',
    route: '/api/calendar',
    targets: ['none'],
    path: () => '/api/calendar?year=2026',
    expect: everyone(200),
  },
  {
    method: 'PUT',
    route: '/api/calendar/{year}',
    targets: ['none'],
    path: () => '/api/calendar/2030',
    body: () => ({ holidays: ['2030-01-01'], workdays: [] }),
    expect: only(['admin'], 200),
  },
  {
    method: 'POST',
    route: '/api/calendar/{year}/load-builtin',
    targets: ['none'],
    path: () => '/api/calendar/2026/load-builtin?country=RU',
    expect: only(['admin'], 200),
  },
  {
    method: 'DELETE',
    route: '/api/calendar/{year}',
    targets: ['none'],
    path: async (_w, _t, make) => `/api/calendar/${await make('calendar')}`,
    expect: only(['admin'], 204),
  },

  {
    method: 'GET',
    route: '/api/departments',
    targets: ['none'],
    path: () => '/api/departments',
    expect: everyone(200),
  },
  {
    method: 'GET',
    route: '/api/departments/{id}',
    targets: ['own', 'other'],
    path: (w, t) => `/api/departments/${w.dept[t as 'own' | 'other']}`,
    expect: scopedDepartment,
  },
  {
    method: 'POST',
    route: '/api/departments',
    targets: ['own', 'other'],
    path: () => '/api/departments',
    body: (w, t) => ({ key: unique('m-dept'), name: 'Matrix', parentId: w.dept[t as 'own' | 'other'] }),
    expect: only(['admin', 'hr'], 201),
  },
  {
    method: 'PATCH',
    route: '/api/departments/{id}',
    targets: ['own', 'other'],
    path: (w, t) => `/api/departments/${w.dept[t as 'own' | 'other']}`,
    body: () => ({ name: 'Продажи' }),
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'DELETE',
    route: '/api/departments/{id}',
    targets: ['none'],
    path: async (_w, _t, make) => `/api/departments/${await make('department')}`,
    expect: only(['admin', 'hr'], 204),
  },

  { method: 'GET', route: '/api/teams', targets: ['none'], path: () => '/api/teams', expect: everyone(200) },
  {
    method: 'GET',
    route: '/api/teams/{id}',
    targets: ['own', 'other'],
    path: (w, t) => `/api/teams/${w.team[t as 'own' | 'other']}`,
    expect: scopedDepartment,
  },
  {
    method: 'POST',
    route: '/api/teams',
    targets: ['own', 'other'],
    path: () => '/api/teams',
    body: (w, t) => ({ key: unique('m-team'), name: 'Matrix', departmentId: w.dept[t as 'own' | 'other'] }),
    expect: only(['admin', 'hr'], 201),
  },
  {
    method: 'PATCH',
    route: '/api/teams/{id}',
    targets: ['own', 'other'],
    path: (w, t) => `/api/teams/${w.team[t as 'own' | 'other']}`,
    body: () => ({ name: 'Team' }),
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'DELETE',
    route: '/api/teams/{id}',
    targets: ['none'],
    path: async (_w, _t, make) => `/api/teams/${await make('team')}`,
    expect: only(['admin', 'hr'], 204),
  },

  { method: 'GET', route: '/api/employees', targets: ['none'], path: () => '/api/employees', expect: everyone(200) },
  {
    method: 'GET',
    route: '/api/employees/{id}',
    targets: ['self', 'own', 'other'],
    path: (w, t) => `/api/employees/${w.employee[t as 'self' | 'own' | 'other']}`,
    expect: scoped,
  },
  {
    method: 'GET',
    route: '/api/employees/{id}',
    targets: ['none'],
    path: () => '/api/employees/no-such-employee',
    expect: everyone(404),
  },
  {
    method: 'POST',
    route: '/api/employees',
    targets: ['own', 'other'],
    path: () => '/api/employees',
    body: (w, t) => ({ name: 'Matrix', role: 'sales', departmentId: w.dept[t as 'own' | 'other'] }),
    expect: only(['admin', 'hr'], 201),
  },
  {
    method: 'PATCH',
    route: '/api/employees/{id}',
    targets: ['self', 'own', 'other'],
    path: (w, t) => `/api/employees/${w.employee[t as 'self' | 'own' | 'other']}`,
    body: () => ({ hiredOn: '2024-02-01' }),
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'PATCH',
    route: '/api/employees/{id}',
    targets: ['none'],
    path: () => '/api/employees/no-such-employee',
    body: () => ({ hiredOn: '2024-02-01' }),
    expect: only(['admin', 'hr'], 404),
  },
  {
    method: 'DELETE',
    route: '/api/employees/{id}',
    targets: ['none'],
    path: async (_w, _t, make) => `/api/employees/${await make('employee')}`,
    expect: only(['admin', 'hr'], 204),
  },

  { method: 'GET', route: '/api/users', targets: ['none'], path: () => '/api/users', expect: only(['admin'], 200) },
  {
    method: 'GET',
    route: '/api/users/{id}',
    targets: ['none'],
    path: (w) => `/api/users/${w.userId}`,
    expect: only(['admin'], 200),
  },
  {
    method: 'POST',
    route: '/api/users',
    targets: ['none'],
    path: () => '/api/users',
    body: () => ({ email: `${unique('m-user')}@x.test`, name: 'M', password: 'matrix-password', role: 'viewer' }),
    expect: only(['admin'], 201),
  },
  {
    method: 'PATCH',
    route: '/api/users/{id}',
    targets: ['none'],
    path: (w) => `/api/users/${w.userId}`,
    body: () => ({ name: 'Matrix user' }),
    expect: only(['admin'], 200),
  },
  {
    method: 'DELETE',
    route: '/api/users/{id}',
    targets: ['none'],
    path: async (_w, _t, make) => `/api/users/${await make('user')}`,
    expect: only(['admin'], 204),
  },

  { method: 'GET', route: '/api/audit', targets: ['none'], path: () => '/api/audit', expect: only(['admin'], 200) },
  {
    method: 'GET',
    route: '/api/alerts',
    targets: ['none'],
    path: () => '/api/alerts',
    expect: only(['admin', 'hr', 'manager'], 200),
  },
  {
    method: 'POST',
    route: '/api/alerts/{id}/acknowledge',
    targets: ['own', 'other'],
    path: async (_w, target, make) => `/api/alerts/${await make('alert', { target })}/acknowledge`,
    expect: decides,
  },
  {
    method: 'POST',
    route: '/api/alerts/{id}/resolve',
    targets: ['own', 'other'],
    path: async (_w, target, make) => `/api/alerts/${await make('alert', { target })}/resolve`,
    expect: decides,
  },
  {
    method: 'POST',
    route: '/api/alerts/acknowledge',
    targets: ['own', 'other'],
    path: () => '/api/alerts/acknowledge',
    body: (w, target) => ({ ids: [w.alert[side(target)]] }),
    expect: decides,
  },
  {
    method: 'POST',
    route: '/api/alerts/resolve',
    targets: ['own', 'other'],
    path: () => '/api/alerts/resolve',
    body: (w, target) => ({ ids: [w.alert[side(target)]] }),
    expect: decides,
  },
  {
    method: 'GET',
    route: '/api/events',
    targets: ['none'],
    path: () => '/api/events',
    expect: only(['admin', 'hr', 'manager', 'employee'], 200),
  },
  { method: 'GET', route: '/api/tokens', targets: ['none'], path: () => '/api/tokens', expect: everyone(200) },
  {
    method: 'POST',
    route: '/api/tokens',
    targets: ['none'],
    path: () => '/api/tokens',
    body: () => ({ name: 'matrix' }),
    expect: everyone(201),
  },
  {
    method: 'DELETE',
    route: '/api/tokens/{id}',
    targets: ['own', 'other'],
    // own: a token the caller made; other: someone else's (hr's for the admin, the admin's for the rest)
    path: async (_w, target, make, caller) => {
      const owner: Role = target === 'own' && caller !== 'anonymous' ? caller : caller === 'admin' ? 'hr' : 'admin';
      return `/api/tokens/${await make('token', { owner })}`;
    },
    expect: { ...everyone(204), hr: ownOnly, manager: ownOnly, employee: ownOnly, viewer: ownOnly },
  },
  { method: 'GET', route: '/api/auth/me', targets: ['none'], path: () => '/api/auth/me', expect: everyone(200) },

  // KPI: the metric catalog, plans, progress and the leaderboard
  { method: 'GET', route: '/api/metrics', targets: ['none'], path: () => '/api/metrics', expect: everyone(200) },
  {
    method: 'GET',
    route: '/api/metrics/{id}',
    targets: ['none'],
    path: () => '/api/metrics/calls',
    expect: everyone(200),
  },
  {
    method: 'POST',
    route: '/api/metrics',
    targets: ['none'],
    path: () => '/api/metrics',
    body: () => ({
      key: unique('m_metric').replace('-', '_'),
      name: { en: 'M', ru: 'М' },
      aggregation: 'count',
      filter: { '==': [{ var: 'type' }, 'call.completed'] },
      unit: 'count',
    }),
    expect: only(['admin', 'hr'], 201),
  },
  {
    method: 'PATCH',
    route: '/api/metrics/{id}',
    targets: ['none'],
    path: () => '/api/metrics/calls',
    body: () => ({ name: { en: 'Calls made', ru: 'Звонки' } }),
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'DELETE',
    route: '/api/metrics/{id}',
    targets: ['none'],
    path: async (_w, _t, make) => `/api/metrics/${await make('metric')}`,
    expect: only(['admin', 'hr'], 204),
  },
  {
    method: 'GET',
    route: '/api/plans',
    targets: ['none'],
    path: (w) => `/api/plans?period=${w.period}`,
    expect: only(['admin', 'hr', 'manager', 'viewer'], 200),
  },
  {
    method: 'POST',
    route: '/api/plans',
    targets: ['own', 'other'],
    path: () => '/api/plans',
    body: (w, t) => ({ metric: 'calls', period: unusedYear(), scope: `employee:${w.employee[side(t)]}`, target: '5' }),
    expect: only(['admin', 'hr'], 201),
  },
  {
    method: 'PATCH',
    route: '/api/plans/{id}',
    targets: ['own', 'other'],
    path: (w, t) => `/api/plans/${w.plan[side(t)]}`,
    body: () => ({ target: '125' }),
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'DELETE',
    route: '/api/plans/{id}',
    targets: ['none'],
    path: async (_w, _t, make) => `/api/plans/${await make('plan')}`,
    expect: only(['admin', 'hr'], 204),
  },
  {
    method: 'PUT',
    route: '/api/plans/bulk',
    targets: ['own', 'other'],
    path: () => '/api/plans/bulk',
    body: (w, t) => ({
      period: unusedYear(),
      items: [{ metric: 'calls', scope: `employee:${w.employee[side(t)]}`, target: '5' }],
    }),
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'GET',
    route: '/api/progress',
    targets: ['none'],
    path: (w) => `/api/progress?period=${w.period}&metric=calls`,
    expect: everyone(200),
  },
  {
    method: 'GET',
    route: '/api/progress?scope=employee:{id}',
    targets: ['self', 'own', 'other'],
    path: (w, t) => `/api/progress?period=${w.period}&metric=calls&scope=employee:${w.employee[person(t)]}`,
    expect: scopedQuery,
  },
  {
    method: 'GET',
    route: '/api/progress?scope=team:{id}',
    targets: ['own', 'other'],
    // the matrix's teams have no members but a plan each: the team itself decides who may look
    path: (w, t) => `/api/progress?period=${w.period}&metric=calls&scope=team:${w.team[side(t)]}`,
    expect: { ...scopedQuery, employee: 403 },
  },
  {
    method: 'GET',
    route: '/api/progress?scope=company',
    targets: ['none'],
    path: (w) => `/api/progress?period=${w.period}&metric=calls&scope=company`,
    expect: { ...everyone(200), manager: 403, employee: 403 },
  },
  {
    method: 'GET',
    route: '/api/leaderboard',
    targets: ['none'],
    path: (w) => `/api/leaderboard?metric=calls&period=${w.period}`,
    expect: everyone(200),
  },
  {
    method: 'GET',
    route: '/api/leaderboard?scope=department:{id}',
    targets: ['own', 'other'],
    path: (w, t) => `/api/leaderboard?metric=calls&period=${w.period}&scope=department:${w.dept[side(t)]}`,
    // an employee ranks among their own department only
    expect: { ...scopedQuery, employee: (t: Target) => (t === 'own' ? 200 : 403) },
  },

  // schemes and their versions
  {
    method: 'GET',
    route: '/api/schemes',
    targets: ['none'],
    path: () => '/api/schemes',
    expect: only(['admin', 'hr', 'manager', 'viewer'], 200),
  },
  {
    method: 'GET',
    route: '/api/schemes/{id}',
    targets: ['none'],
    path: (w) => `/api/schemes/${w.scheme.demo}`,
    expect: only(['admin', 'hr', 'manager', 'viewer'], 200),
  },
  {
    method: 'POST',
    route: '/api/schemes',
    targets: ['none'],
    path: () => '/api/schemes',
    body: () => ({ name: { en: 'Matrix', ru: 'Матрица' } }),
    expect: only(['admin', 'hr'], 201),
  },
  {
    method: 'PATCH',
    route: '/api/schemes/{id}',
    targets: ['none'],
    path: (w) => `/api/schemes/${w.scheme.matrix}`,
    body: () => ({ description: { en: 'Matrix', ru: 'Матрица' } }),
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'POST',
    route: '/api/schemes/{id}/versions',
    targets: ['none'],
    path: (w) => `/api/schemes/${w.scheme.matrix}/versions`,
    body: () => ({ effectiveFrom: '2027-01-01', definition: DEMO_SCHEME_DEFINITION }),
    expect: only(['admin', 'hr'], 201),
  },
  {
    method: 'GET',
    route: '/api/schemes/{id}/versions/{v}',
    targets: ['none'],
    path: (w) => `/api/schemes/${w.scheme.demo}/versions/1`,
    expect: only(['admin', 'hr', 'manager', 'viewer'], 200),
  },
  {
    method: 'POST',
    route: '/api/schemes/{id}/versions/{v}/publish',
    targets: ['none'],
    path: async (_w, _t, make) => `${await make('draft')}/publish`,
    body: () => ({ status: 'pilot' }),
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'POST',
    route: '/api/schemes/{id}/versions/{v}/archive',
    targets: ['none'],
    path: async (_w, _t, make) => `${await make('draft')}/archive`,
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'POST',
    route: '/api/schemes/{id}/versions/{v}/simulate',
    targets: ['none'],
    path: (w) => `/api/schemes/${w.scheme.demo}/versions/1/simulate`,
    body: (w) => ({ period: w.period, trace: false }),
    expect: only(['admin', 'hr', 'manager'], 200),
  },
  {
    // refused at the period, after the permission (the in-process app has no Temporal to start a run on)
    method: 'POST',
    route: '/api/schemes/{id}/versions/{v}/evaluate',
    targets: ['none'],
    path: (w) => `/api/schemes/${w.scheme.demo}/versions/1/evaluate`,
    body: () => ({ period: 'not-a-period', mode: 'close' }),
    expect: only(['admin', 'hr'], 422),
  },
  {
    method: 'GET',
    route: '/api/schemes/{id}/periods',
    targets: ['none'],
    path: (w) => `/api/schemes/${w.scheme.demo}/periods`,
    expect: only(['admin', 'hr', 'manager', 'viewer'], 200),
  },
  {
    method: 'POST',
    route: '/api/schemes/{id}/versions/{v}/pause',
    targets: ['none'],
    path: async (_w, _t, make) => `${await make('pilot')}/pause`,
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'POST',
    route: '/api/schemes/{id}/versions/{v}/resume',
    targets: ['none'],
    path: async (_w, _t, make) => `${await make('paused')}/resume`,
    expect: only(['admin', 'hr'], 200),
  },

  {
    method: 'GET',
    route: '/api/schemes/{id}/pilot-diff',
    targets: ['none'],
    // the matrix scheme has a version in pilot; a manager sees the rows of their departments
    path: (w) => `/api/schemes/${w.scheme.matrix}/pilot-diff?period=${w.period}`,
    expect: only(['admin', 'hr', 'manager'], 200),
  },

  // backtests: HR and admins; Temporal is unreachable in process, so a start answers 503 (and leaves nothing)
  {
    method: 'POST',
    route: '/api/schemes/{id}/versions/{v}/backtest',
    targets: ['none'],
    path: (w) => `/api/schemes/${w.scheme.demo}/versions/1/backtest`,
    body: () => ({ periods: ['2025-01'] }),
    expect: only(['admin', 'hr'], 503),
  },
  {
    method: 'GET',
    route: '/api/schemes/{id}/backtests',
    targets: ['none'],
    path: (w) => `/api/schemes/${w.scheme.demo}/backtests`,
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'GET',
    route: '/api/backtests/{id}',
    targets: ['none'],
    path: (w) => `/api/backtests/${w.backtest}`,
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'GET',
    route: '/api/backtests/{id}/results',
    targets: ['none'],
    path: (w) => `/api/backtests/${w.backtest}/results`,
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'POST',
    route: '/api/backtests/{id}/cancel',
    targets: ['none'],
    // it has finished: nothing to cancel, but only HR and admins learn that
    path: (w) => `/api/backtests/${w.backtest}/cancel`,
    expect: only(['admin', 'hr'], 409),
  },

  // the ledger: evaluations, bonus lines, the payroll export, statements and reviews
  {
    method: 'GET',
    route: '/api/evaluations',
    targets: ['none'],
    path: () => '/api/evaluations',
    expect: only(['admin', 'hr', 'manager'], 200),
  },
  {
    method: 'GET',
    route: '/api/bonuses',
    targets: ['none'],
    path: () => '/api/bonuses',
    expect: only(['admin', 'hr', 'manager'], 200),
  },
  {
    method: 'GET',
    route: '/api/bonuses/export.csv',
    targets: ['none'],
    // a period without approved lines: the export is allowed, and pays nobody the other rows need
    path: () => '/api/bonuses/export.csv?period=2020-01',
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'GET',
    route: '/api/employees/{id}/statement',
    targets: ['self', 'own', 'other'],
    path: (w, t) => `/api/employees/${w.employee[person(t)]}/statement`,
    expect: { ...scoped, viewer: 403 },
  },
  {
    method: 'GET',
    route: '/api/employees/{id}/statement',
    targets: ['none'],
    path: () => '/api/employees/no-such-employee/statement',
    expect: only(['admin', 'hr', 'manager', 'employee'], 404),
  },
  {
    method: 'GET',
    route: '/api/reviews',
    targets: ['none'],
    path: () => '/api/reviews',
    expect: only(['admin', 'hr', 'manager'], 200),
  },
  {
    method: 'GET',
    route: '/api/reviews/{id}',
    targets: ['own', 'other'],
    path: async (_w, target, make) => `/api/reviews/${await make('review', { target })}`,
    expect: decides,
  },
  {
    method: 'POST',
    route: '/api/reviews/{id}/approve',
    targets: ['own', 'other'],
    path: async (_w, target, make) => `/api/reviews/${await make('review', { target })}/approve`,
    body: () => ({ comment: 'matrix' }),
    expect: decides,
  },
  {
    method: 'POST',
    route: '/api/reviews/{id}/reject',
    targets: ['own', 'other'],
    path: async (_w, target, make) => `/api/reviews/${await make('review', { target })}/reject`,
    body: () => ({ reason: 'matrix' }),
    expect: decides,
  },
  {
    method: 'POST',
    route: '/api/reviews/{id}/adjust',
    targets: ['own', 'other'],
    path: async (_w, target, make) => `/api/reviews/${await make('review', { target })}/adjust`,
    body: () => ({ amount: '1500.00', reason: 'matrix' }),
    expect: decides,
  },

  {
    method: 'POST',
    route: '/api/reviews/{id}/approve (the manager’s own bonus)',
    targets: ['none'],
    path: async (w, _t, make) => `/api/reviews/${await make('review', { employeeId: w.managerEmployee })}/approve`,
    body: () => ({}),
    // nobody decides on their own bonus
    expect: { ...only(['admin', 'hr', 'manager'], 200), manager: 403 },
  },
  {
    method: 'POST',
    route: '/api/reviews/{id}/approve (a review for HR)',
    targets: ['own'],
    path: async (w, target, make) =>
      `/api/reviews/${await make('review', { target, schemeVersionId: w.hrReviewedVersion })}/approve`,
    body: () => ({}),
    expect: { ...only(['admin', 'hr', 'manager'], 200), manager: 403 },
  },

  // CRM sources
  { method: 'GET', route: '/api/sources', targets: ['none'], path: () => '/api/sources', expect: only(['admin'], 200) },
  {
    method: 'POST',
    route: '/api/sources',
    targets: ['none'],
    path: () => '/api/sources',
    body: () => ({ id: unique('m-source'), name: 'Matrix', kind: 'generic' }),
    expect: only(['admin'], 201),
  },
  {
    method: 'GET',
    route: '/api/sources/{id}',
    targets: ['none'],
    path: () => '/api/sources/demo',
    expect: only(['admin'], 200),
  },
  {
    method: 'GET',
    route: '/api/sources/{id}/deliveries',
    targets: ['none'],
    path: () => '/api/sources/demo/deliveries',
    expect: only(['admin'], 200),
  },
  {
    method: 'POST',
    route: '/api/sources/{id}/reconcile',
    targets: ['none'],
    // the demo source is a generic one: nothing to poll, but only an admin learns that
    path: () => '/api/sources/demo/reconcile',
    expect: only(['admin'], 409),
  },

  // notifications: everyone reads their own; only admins set up channels
  {
    method: 'GET',
    route: '/api/notifications',
    targets: ['none'],
    path: () => '/api/notifications',
    expect: everyone(200),
  },
  {
    method: 'POST',
    route: '/api/notifications/{id}/read',
    targets: ['own', 'other'],
    // `own`: one of the caller's notifications; `other`: someone else's, which does not exist for the caller
    path: async (_w, target, make, caller) => {
      const owner = caller === 'anonymous' ? 'admin' : caller;
      const other = owner === 'viewer' ? 'hr' : 'viewer';
      return `/api/notifications/${await make('notification', { owner: target === 'own' ? owner : other })}/read`;
    },
    expect: Object.fromEntries(ROLES.map((r) => [r, (t: Target) => (t === 'own' ? 200 : 404)])),
  },
  {
    method: 'POST',
    route: '/api/notifications/read-all',
    targets: ['none'],
    path: () => '/api/notifications/read-all',
    expect: everyone(200),
  },
  {
    method: 'GET',
    route: '/api/notification-channels',
    targets: ['none'],
    path: () => '/api/notification-channels',
    expect: only(['admin'], 200),
  },
  {
    method: 'PUT',
    route: '/api/notification-channels',
    targets: ['none'],
    path: () => '/api/notification-channels',
    body: () => ({ email: null, webhooks: [] }),
    expect: only(['admin'], 200),
  },
  {
    method: 'POST',
    route: '/api/notification-channels/test',
    targets: ['none'],
    path: () => '/api/notification-channels/test',
    // no such webhook: only an admin learns that
    body: () => ({ channel: 'webhook', webhookId: 'no-such-webhook' }),
    expect: only(['admin'], 404),
  },
];

export function describeAccessMatrix(database: Database) {
  describe(`access matrix on ${database}`, () => {
    let app: InProcessApp;
    const sessions = {} as Record<Role, SessionHeaders>;
    const world = {} as World;
    const crm: Record<string, string> = {};

    const as = (caller: Caller) => (caller === 'anonymous' ? {} : sessions[caller]);
    const ok = async <T>(response: Promise<Response>, status: number): Promise<T> => {
      const r = await response;
      const json = r.headers.get('content-type')?.startsWith('application/json');
      const body = r.status === 204 ? undefined : json ? await r.json() : await r.text();
      expect(r.status, JSON.stringify(body)).toBe(status);
      return body as T;
    };

    beforeAll(async () => {
      app = await startInProcessApp(database);
      sessions.admin = await app.login('admin@yardstick.demo', 'demo-admin');
      for (const role of ['hr', 'viewer'] as const) {
        await ok(
          app.call('POST', '/api/users', sessions.admin, {
            email: `${role}@matrix.test`,
            name: role,
            password: `${role}-password`,
            role,
          }),
          201,
        );
        sessions[role] = await app.login(`${role}@matrix.test`, `${role}-password`);
      }
      sessions.manager = await app.login('manager@yardstick.demo', 'demo-manager');
      sessions.employee = await app.login('employee@yardstick.demo', 'demo-employee');

      const departments = await ok<{ items: { id: string; key: string }[] }>(
        app.call('GET', '/api/departments', sessions.admin),
        200,
      );
      const dept = (key: string) => departments.items.find((d) => d.key === key)?.id as string;
      world.dept = { own: dept('moscow-b2b'), other: dept('spb-retail') };
      const employees = await ok<{ items: { id: string; externalIds: { demo?: string } }[] }>(
        app.call('GET', '/api/employees', sessions.admin),
        200,
      );
      for (const e of employees.items) if (e.externalIds.demo) crm[e.externalIds.demo] = e.id;
      world.employee = {
        self: crm['crm-102'] as string,
        own: crm['crm-103'] as string,
        other: crm['crm-110'] as string,
      };
      world.team = { own: '', other: '' };
      for (const side of ['own', 'other'] as const) {
        const team = await ok<{ id: string }>(
          app.call('POST', '/api/teams', sessions.admin, {
            key: `matrix-${side}`,
            name: side,
            departmentId: world.dept[side],
          }),
          201,
        );
        world.team[side] = team.id;
      }
      const users = await ok<{ items: { id: string; email: string }[] }>(
        app.call('GET', '/api/users', sessions.admin),
        200,
      );
      world.userId = users.items.find((u) => u.email === 'viewer@matrix.test')?.id as string;

      // the current month has demo events and a `calls` plan for every sales rep
      world.period = new Date().toISOString().slice(0, 7);
      world.plan = { own: '', other: '' };
      for (const side of ['own', 'other'] as const) {
        const plans = await ok<{ items: { id: string }[] }>(
          app.call(
            'GET',
            `/api/plans?period=${world.period}&metric=calls&scope=employee:${world.employee[side]}`,
            sessions.admin,
          ),
          200,
        );
        world.plan[side] = plans.items[0]?.id as string;
      }
      const schemes = await ok<{ items: { id: string; name: { ru: string } }[] }>(
        app.call('GET', '/api/schemes', sessions.admin),
        200,
      );
      const matrixScheme = await ok<{ id: string }>(
        app.call('POST', '/api/schemes', sessions.admin, { name: { en: 'Matrix', ru: 'Матрица' } }),
        201,
      );
      world.scheme = {
        demo: schemes.items.find((s) => s.name.ru === 'Премия отдела продаж')?.id as string,
        matrix: matrixScheme.id,
      };
      world.managerEmployee = crm['crm-101'] as string;
      const demoVersion = await app.orm.em
        .fork()
        .findOneOrFail(SchemeVersion, { scheme: world.scheme.demo, version: 1 });
      const backtestEm = app.orm.em.fork();
      world.backtest = backtestEm.create(Backtest, {
        id: newId(),
        scheme: world.scheme.demo,
        schemeVersion: demoVersion.id,
        periods: ['2025-01'],
        status: 'completed',
        currency: 'RUB',
        progressDone: 0,
        progressTotal: 0,
        totals: [],
        error: null,
        createdBy: 'matrix',
        finishedAt: new Date(),
      }).id;
      await backtestEm.flush();
      world.hrReviewedVersion = (
        await ok<{ id: string }>(
          app.call('POST', `/api/schemes/${world.scheme.matrix}/versions`, sessions.admin, {
            effectiveFrom: '2027-01-01',
            definition: {
              ...DEMO_SCHEME_DEFINITION,
              reviewPolicy: { required: true, reviewerRole: 'hr', deadlineDays: 5 },
            },
          }),
          201,
        )
      ).id;
      for (const side of ['own', 'other'] as const) {
        await ok(
          app.call('POST', '/api/plans', sessions.admin, {
            metric: 'calls',
            period: world.period,
            scope: `team:${world.team[side]}`,
            target: '500',
          }),
          201,
        );
      }
      // the leaderboard shows employees what each metric's visibility allows
      for (const visibility of ['full', 'bands', 'hidden'] as const) {
        await ok(
          app.call('POST', '/api/metrics', sessions.admin, {
            key: `calls_${visibility}`,
            name: { en: visibility, ru: visibility },
            aggregation: 'count',
            filter: { '==': [{ var: 'type' }, 'call.completed'] },
            unit: 'count',
            visibility,
          }),
          201,
        );
      }

      // one alert in each department, so list scopes can be seen
      const em = app.orm.em.fork();
      world.alert = { own: '', other: '' };
      const version = (await em.find(SchemeVersion, {}, { limit: 1 }))[0] as SchemeVersion;
      for (const crmId of ['crm-103', 'crm-110']) {
        const id = newId();
        world.alert[crmId === 'crm-103' ? 'own' : 'other'] = id;
        em.create(Alert, {
          id,
          dedupeKey: `matrix/${crmId}`,
          schemeVersion: version.id,
          ruleId: 'matrix',
          ruleName: { en: 'Matrix', ru: 'Матрица' },
          employee: crm[crmId] as string,
          period: '2026-11',
          severity: 'info',
          status: 'open',
          message: { en: 'm', ru: 'м' },
          causeEvent: null,
        });
      }
      await em.flush();

      // ledger lines in both departments: a proposed line under review for each, an evaluation for
      // each, and for the signed-in employee a paid line and a pilot's shadow line
      const active = (await em.findOneOrFail(SchemeVersion, { scheme: world.scheme.demo, version: 1 })).id;
      const pilot = await make('draft');
      await ok(app.call('POST', `${pilot}/publish`, sessions.admin, { status: 'pilot' }), 200);
      const pilotId = (await ok<{ id: string }>(app.call('GET', pilot, sessions.admin), 200)).id;
      for (const side of ['self', 'own', 'other'] as const) {
        const employeeId = world.employee[side];
        const evaluation = await recordEvaluation(em, {
          schemeVersionId: active,
          employeeId,
          period: world.period,
          mode: 'progress',
          asOf: new Date(),
          inputs: {},
          outputs: { payout: '1000.00' },
          trace: null,
        });
        const line = { employeeId, period: world.period, amount: '1000.00', currency: 'RUB' };
        await proposeBonus(em, { ...line, schemeVersionId: active, cause: 'matrix', evaluationId: evaluation.id });
        if (side === 'self') await proposeBonus(em, { ...line, schemeVersionId: pilotId, cause: 'matrix-pilot' });
      }
    });
    afterAll(async () => {
      await app?.stop();
    });

    const make: Maker = async (kind, { owner = 'admin', target = 'own', employeeId, schemeVersionId } = {}) => {
      const admin = sessions.admin;
      switch (kind) {
        case 'token':
          return (
            await ok<{ id: string }>(app.call('POST', '/api/tokens', sessions[owner], { name: 'to revoke' }), 201)
          ).id;
        case 'metric':
          return (
            await ok<{ key: string }>(
              app.call('POST', '/api/metrics', admin, {
                key: unique('m_gone').replace('-', '_'),
                name: { en: 'Gone', ru: 'Удалить' },
                aggregation: 'count',
                unit: 'count',
              }),
              201,
            )
          ).key;
        case 'plan':
          return (
            await ok<{ id: string }>(
              app.call('POST', '/api/plans', admin, {
                metric: 'calls',
                period: unusedYear(),
                scope: `employee:${world.employee.other}`,
                target: '1',
              }),
              201,
            )
          ).id;
        case 'draft': {
          const version = await ok<{ version: number }>(
            app.call('POST', `/api/schemes/${world.scheme.matrix}/versions`, admin, {
              effectiveFrom: '2027-01-01',
              definition: DEMO_SCHEME_DEFINITION,
            }),
            201,
          );
          return `/api/schemes/${world.scheme.matrix}/versions/${version.version}`;
        }
        case 'pilot':
        case 'paused': {
          const path = await make('draft');
          await ok(app.call('POST', `${path}/publish`, admin, { status: 'pilot' }), 200);
          if (kind === 'paused') await ok(app.call('POST', `${path}/pause`, admin), 200);
          return path;
        }
        case 'review': {
          const em = app.orm.em.fork();
          const active = await em.findOneOrFail(SchemeVersion, { scheme: world.scheme.demo, version: 1 });
          const proposed = await proposeBonus(em, {
            schemeVersionId: schemeVersionId ?? active.id,
            employeeId: employeeId ?? world.employee[person(target)],
            period: world.period,
            cause: unique('matrix-review'),
            amount: '1000.00',
            currency: 'RUB',
          });
          return proposed.reviewId as string;
        }
        case 'alert': {
          const em = app.orm.em.fork();
          const version = (await em.find(SchemeVersion, {}, { limit: 1 }))[0] as SchemeVersion;
          const id = newId();
          em.create(Alert, {
            id,
            dedupeKey: `matrix/${id}`,
            schemeVersion: version.id,
            ruleId: 'matrix',
            ruleName: { en: 'Matrix', ru: 'Матрица' },
            employee: employeeId ?? world.employee[person(target)],
            period: '2026-11',
            severity: 'info',
            status: 'open',
            message: { en: 'm', ru: 'м' },
            causeEvent: null,
          });
          await em.flush();
          return id;
        }
        case 'notification': {
          const em = app.orm.em.fork();
          const email = {
            admin: 'admin@yardstick.demo',
            manager: 'manager@yardstick.demo',
            employee: 'employee@yardstick.demo',
            hr: 'hr@matrix.test',
            viewer: 'viewer@matrix.test',
          }[owner];
          const user = await em.findOneOrFail(User, { email });
          const id = newId();
          em.create(Notification, {
            id,
            dedupeKey: `matrix/${id}|in_app|${user.id}`,
            key: `matrix/${id}`,
            topic: 'alert',
            channel: 'in_app',
            recipient: user.id,
            subject: { en: 'Matrix', ru: 'Матрица' },
            body: { en: 'm', ru: 'м' },
            link: null,
            status: 'sent',
            sentAt: new Date(),
          });
          await em.flush();
          return id;
        }
        case 'calendar': {
          await ok(app.call('PUT', '/api/calendar/2031', admin, { holidays: [], workdays: [] }), 200);
          return '2031';
        }
        case 'department':
          return (
            await ok<{ id: string }>(app.call('POST', '/api/departments', admin, { key: unique('d'), name: 'D' }), 201)
          ).id;
        case 'team':
          return (
            await ok<{ id: string }>(
              app.call('POST', '/api/teams', admin, { key: unique('t'), name: 'T', departmentId: world.dept.other }),
              201,
            )
          ).id;
        case 'employee':
          return (
            await ok<{ id: string }>(
              app.call('POST', '/api/employees', admin, { name: 'E', role: 'sales', departmentId: world.dept.other }),
              201,
            )
          ).id;
        case 'user':
          return (
            await ok<{ id: string }>(
              app.call('POST', '/api/users', admin, {
                email: `${unique('u')}@x.test`,
                name: 'U',
                password: 'user-password',
                role: 'viewer',
              }),
              201,
            )
          ).id;
      }
    };

    const auditTotal = async () =>
      (await ok<{ total: number }>(app.call('GET', '/api/audit?limit=1', sessions.admin), 200)).total;

    for (const row of ROWS) {
      for (const target of row.targets) {
        const label = `${row.method} ${row.route}${target === 'none' ? '' : ` (${target})`}`;
        it(`${label}: anonymous → 401`, async () => {
          const path = await row.path(world, target, make, 'anonymous');
          await ok(app.call(row.method, path, {}, row.body?.(world, target, 'anonymous')), 401);
        });
        for (const role of ROLES) {
          const rule = row.expect[role];
          const status = typeof rule === 'function' ? rule(target) : (rule as number);
          it(`${label}: ${role} → ${status}`, async () => {
            const path = await row.path(world, target, make, role);
            const refused = status >= 400;
            const before = refused ? await auditTotal() : 0;
            await ok(app.call(row.method, path, as(role), row.body?.(world, target, role)), status);
            // a refused request (403, or 404 outside the caller's scope) leaves no trace
            if (refused) expect(await auditTotal()).toBe(before);
          });
        }
      }
    }

    describe('lists contain only what the scope allows', () => {
      const names = async (caller: Role, path: string, key: (item: Record<string, unknown>) => string) => {
        const body = await ok<{ items: Record<string, unknown>[] }>(app.call('GET', path, as(caller)), 200);
        return [...new Set(body.items.map(key))].sort();
      };
      const deptOf = async (employeeIds: string[]) => {
        const all = await ok<{ items: { id: string; departmentId: string }[] }>(
          app.call('GET', '/api/employees?limit=1000', sessions.admin),
          200,
        );
        const byId = new Map(all.items.map((e) => [e.id, e.departmentId]));
        return [...new Set(employeeIds.map((id) => byId.get(id)))].sort();
      };
      const both = () => [world.dept.own, world.dept.other].sort();
      /** the manager's department and every department below it (the matrix adds some) */
      const ownTree = async () => {
        const all = await ok<{ items: { id: string; parentId: string | null }[] }>(
          app.call('GET', '/api/departments', sessions.admin),
          200,
        );
        const tree = new Set([world.dept.own]);
        for (const d of all.items) if (d.parentId && tree.has(d.parentId)) tree.add(d.id);
        return tree;
      };

      it('employees: everyone for admin, hr and viewer; the manager’s department; the employee alone', async () => {
        for (const role of ['admin', 'hr', 'viewer'] as const) {
          expect(await deptOf(await names(role, '/api/employees?limit=1000', (e) => e.id as string))).toEqual(
            expect.arrayContaining(both()),
          );
        }
        const tree = await ownTree();
        const all = await ok<{ items: { id: string; departmentId: string }[] }>(
          app.call('GET', '/api/employees?limit=1000', sessions.admin),
          200,
        );
        const managerSees = await names('manager', '/api/employees?limit=1000', (e) => e.id as string);
        expect(managerSees).toEqual(
          all.items
            .filter((e) => tree.has(e.departmentId))
            .map((e) => e.id)
            .sort(),
        );
        expect(managerSees).toContain(world.employee.own);
        expect(managerSees).not.toContain(world.employee.other);
        expect(await names('employee', '/api/employees', (e) => e.id as string)).toEqual([world.employee.self]);
      });

      it('departments and teams: the manager’s and the employee’s own department only', async () => {
        const tree = [...(await ownTree())].sort();
        expect(tree.length).toBeGreaterThan(1);
        expect(await names('manager', '/api/departments', (d) => d.id as string)).toEqual(tree);
        expect(await names('employee', '/api/departments', (d) => d.id as string)).toEqual([world.dept.own]);
        expect(await names('manager', '/api/teams', (x) => x.departmentId as string)).toEqual([world.dept.own]);
        expect(await names('employee', '/api/teams', (x) => x.departmentId as string)).toEqual([world.dept.own]);
        expect(await names('viewer', '/api/departments', (d) => d.id as string)).toEqual(
          expect.arrayContaining(both()),
        );
      });

      it('alerts and events: a manager sees only their departments’', async () => {
        const alertDepts = await deptOf(
          await names('manager', '/api/alerts', (a) => (a.employee as { id: string }).id),
        );
        expect(alertDepts).toEqual([world.dept.own]);
        expect(await deptOf(await names('hr', '/api/alerts', (a) => (a.employee as { id: string }).id))).toEqual(
          both(),
        );
        const eventDepts = await deptOf(
          await names('manager', '/api/events?limit=1000', (e) => e.employeeId as string),
        );
        expect(eventDepts).toEqual([world.dept.own]);
        // asking for another department's employee by id gives nothing rather than their data
        expect(await names('manager', `/api/events?employee=${world.employee.other}`, (e) => e.id as string)).toEqual(
          [],
        );
        expect(await names('manager', `/api/alerts?employee=${world.employee.other}`, (a) => a.id as string)).toEqual(
          [],
        );
      });

      /** the employees of the manager's department tree, by id */
      const ownTreeEmployees = async () => {
        const tree = await ownTree();
        const all = await ok<{ items: { id: string; departmentId: string }[] }>(
          app.call('GET', '/api/employees?limit=1000', sessions.admin),
          200,
        );
        return new Set(all.items.filter((e) => tree.has(e.departmentId)).map((e) => e.id));
      };
      const expectWithinOwnTree = async (ids: string[]) => {
        const mine = await ownTreeEmployees();
        expect(ids.filter((id) => !mine.has(id))).toEqual([]);
        expect(ids).not.toContain(world.employee.other);
      };

      it('progress: the manager’s departments, the employee alone, everyone for hr and viewer', async () => {
        const progress = `/api/progress?period=${world.period}&metric=calls`;
        const item = (r: Record<string, unknown>) => (r.employee as { id: string }).id;
        const managerSees = await names('manager', progress, item);
        await expectWithinOwnTree(managerSees);
        expect(managerSees).toEqual(expect.arrayContaining([world.employee.self, world.employee.own]));
        expect(await names('employee', progress, item)).toEqual([world.employee.self]);
        for (const role of ['admin', 'hr', 'viewer'] as const) {
          expect(await deptOf(await names(role, progress, item))).toEqual(expect.arrayContaining(both()));
        }
        // the manager's own view holds no group plan of another department
        const groups = await ok<{ groups: { scope: string }[] }>(app.call('GET', progress, as('manager')), 200);
        expect(groups.groups.map((g) => g.scope)).not.toContain(`department:${world.dept.other}`);
      });

      it('leaderboard: a manager ranks their departments; an employee their department, as visibility allows', async () => {
        const board = (metric: string) => `/api/leaderboard?metric=${metric}&period=${world.period}`;
        const item = (r: Record<string, unknown>) => (r.employee as { id: string }).id;
        await expectWithinOwnTree(await names('manager', board('calls'), item));
        expect(await deptOf(await names('viewer', board('calls'), item))).toEqual(both());
        type Row = { employee: { id: string }; rank: number | null; band: string | null; actual: unknown };
        const asEmployee = async (metric: string) =>
          ok<{ visibility: string; items: Row[] }>(app.call('GET', board(metric), as('employee')), 200);

        const full = await asEmployee('calls_full');
        expect(full.visibility).toBe('full');
        expect(await deptOf(full.items.map((r) => r.employee.id))).toEqual([world.dept.own]);
        expect(full.items.map((r) => r.employee.id)).toContain(world.employee.own);
        expect(full.items.filter((r) => r.actual !== null).every((r) => r.rank !== null)).toBe(true);

        const bands = await asEmployee('calls_bands');
        expect(bands.visibility).toBe('bands');
        expect(await deptOf(bands.items.map((r) => r.employee.id))).toEqual([world.dept.own]);
        expect(bands.items.every((r) => r.rank === null)).toBe(true);
        const others = bands.items.filter((r) => r.employee.id !== world.employee.self);
        expect(others.length).toBeGreaterThan(0);
        expect(others.every((r) => r.actual === null)).toBe(true);

        const hidden = await asEmployee('calls_hidden');
        expect(hidden.visibility).toBe('hidden');
        expect(hidden.items.map((r) => r.employee.id)).toEqual([world.employee.self]);
        // the other roles always see full ranks
        const managerView = await ok<{ visibility: string }>(
          app.call('GET', board('calls_hidden'), as('manager')),
          200,
        );
        expect(managerView.visibility).toBe('full');
      });

      it('plans: a manager sees the plans of their departments’ people only', async () => {
        const plans = `/api/plans?period=${world.period}&metric=calls`;
        const scopes = await names('manager', plans, (p) => p.scope as string);
        const managerSees = scopes.filter((s) => s.startsWith('employee:')).map((s) => s.slice('employee:'.length));
        await expectWithinOwnTree(managerSees);
        expect(managerSees).toContain(world.employee.own);
        // team plans: their own department's, not another's
        expect(scopes).toContain(`team:${world.team.own}`);
        expect(scopes).not.toContain(`team:${world.team.other}`);
        const everyone = await names('viewer', plans, (p) => p.scope as string);
        expect(everyone).toContain(`team:${world.team.other}`);
        expect(
          await deptOf(everyone.filter((s) => s.startsWith('employee:')).map((s) => s.slice('employee:'.length))),
        ).toEqual(both());
      });

      it('simulation: a manager simulates their departments’ people only', async () => {
        const simulate = `/api/schemes/${world.scheme.demo}/versions/1/simulate`;
        const run = async (role: Role, employees?: string[]) =>
          (
            await ok<{ items: { employee: { id: string } }[] }>(
              app.call('POST', simulate, as(role), { period: world.period, trace: false, employees }),
              200,
            )
          ).items.map((i) => i.employee.id);
        const managerSees = await run('manager');
        await expectWithinOwnTree(managerSees);
        expect(managerSees).toContain(world.employee.own);
        expect(await run('manager', [world.employee.other])).toEqual([]);
        expect(await deptOf(await run('hr'))).toEqual(both());
      });

      it('bonuses, reviews and evaluations: a manager sees their departments’ only', async () => {
        const lineEmployee = (b: Record<string, unknown>) => (b.employee as { id: string }).id;
        const reviewEmployee = (r: Record<string, unknown>) =>
          ((r.bonus as Record<string, unknown>).employee as { id: string }).id;
        const lists: [string, (item: Record<string, unknown>) => string][] = [
          ['/api/bonuses?limit=5000', lineEmployee],
          ['/api/reviews?limit=1000', reviewEmployee],
          ['/api/evaluations?limit=1000', (e) => e.employeeId as string],
        ];
        for (const [path, employeeOf] of lists) {
          const managerSees = await names('manager', path, employeeOf);
          await expectWithinOwnTree(managerSees);
          expect(managerSees, path).toContain(world.employee.own);
          expect(await deptOf(await names('hr', path, employeeOf)), path).toEqual(both());
          // asking for another department's employee gives nothing rather than their lines
          if (!path.startsWith('/api/reviews')) {
            const narrowed = `${path}&employee=${world.employee.other}`;
            expect(await names('manager', narrowed, employeeOf), narrowed).toEqual([]);
          }
        }
      });

      it('statements: an employee’s holds only their own paid lines; a manager also sees the pilot’s', async () => {
        type Statement = { employee: { id: string }; lines: { employee: { id: string }; shadow: boolean }[] };
        const statement = (role: Role) =>
          ok<Statement>(app.call('GET', `/api/employees/${world.employee.self}/statement`, as(role)), 200);
        const own = await statement('employee');
        expect(own.employee.id).toBe(world.employee.self);
        expect(own.lines.length).toBeGreaterThan(0);
        expect(own.lines.every((l) => l.employee.id === world.employee.self && !l.shadow)).toBe(true);
        const managers = await statement('manager');
        expect(managers.lines.every((l) => l.employee.id === world.employee.self)).toBe(true);
        expect(managers.lines.some((l) => l.shadow)).toBe(true);
      });

      it('tokens: each caller sees only the tokens they created', async () => {
        for (const role of ROLES) {
          const tokens = await ok<{ items: { name: string; role: string }[] }>(
            app.call('GET', '/api/tokens', as(role)),
            200,
          );
          expect(tokens.items.every((x) => x.role === role)).toBe(true);
        }
      });
    });
  });
}
