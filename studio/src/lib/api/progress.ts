// Progress against plans, the leaderboard, an employee's card (their record, CRM events, bonus
// statement) and what the dashboard lists beside them (alerts, pending reviews).
import { api, type CallOptions, call, init, query, type Schema } from './client.ts';

export type Progress = Schema<'Progress'>;
export type EmployeeProgress = Progress['items'][number];
export type GroupProgress = Progress['groups'][number];
export type ProgressStatus = NonNullable<EmployeeProgress['status']>;
export type MetricUnit = EmployeeProgress['unit'];
export type Leaderboard = Schema<'Leaderboard'>;
export type LeaderboardRow = Leaderboard['items'][number];
export type Metric = Schema<'Metric'>;
export type Department = Schema<'Department'>;
// the generated `Statement` mistypes its nullable explanation; the client's answer type is right
export type Statement = Awaited<ReturnType<typeof getStatement>>;
export type StatementLine = Statement['lines'][number];
export type CrmEvent = Schema<'Event'>;
export type Review = Schema<'Review'>;
// (as the client answers it: the generated `Scheme` mistypes its nullable description)
export type Scheme = Awaited<ReturnType<typeof listActiveSchemes>>[number];

export interface ProgressQuery {
  period: string;
  /** `company`, `department:<id>`, `team:<id>` or `employee:<id>`; default: what the caller may see */
  scope?: string;
  /** comma-separated metric keys */
  metric?: string;
}

export function getProgress(filter: ProgressQuery, options: CallOptions = {}): Promise<Progress> {
  return call(api.GET('/api/progress', { params: { query: query(filter) }, ...init(options) }));
}

/** By one metric, or by the weighted KPI of a scheme's active version. */
export interface LeaderboardQuery {
  metric?: string;
  scheme?: string;
  period: string;
  scope?: string;
}

export function getLeaderboard(filter: LeaderboardQuery, options: CallOptions = {}): Promise<Leaderboard> {
  return call(api.GET('/api/leaderboard', { params: { query: query(filter) }, ...init(options) }));
}

/** Schemes with an active version: what a weighted-KPI leaderboard can rank by. */
export async function listActiveSchemes(options: CallOptions = {}) {
  const { items } = await call(api.GET('/api/schemes', init(options)));
  return items.filter((scheme) => scheme.versions.some((v) => v.status === 'active'));
}

export async function listMetrics(options: CallOptions = {}): Promise<Metric[]> {
  const { items } = await call(api.GET('/api/metrics', init(options)));
  return items;
}

export async function listDepartments(options: CallOptions = {}): Promise<Department[]> {
  const { items } = await call(api.GET('/api/departments', init(options)));
  return items;
}

/** The organization's settings: its currency is the one progress figures are in. */
export function getOrganization(options: CallOptions = {}): Promise<Schema<'Organization'>> {
  return call(api.GET('/api/organization', init(options)));
}

export function getEmployee(id: string, options: CallOptions = {}): Promise<Schema<'Employee'>> {
  return call(api.GET('/api/employees/{id}', { params: { path: { id } }, ...init(options) }));
}

export function getStatement(id: string, period?: string, options: CallOptions = {}) {
  return call(
    api.GET('/api/employees/{id}/statement', {
      params: { path: { id }, query: query({ period }) },
      ...init(options),
    }),
  );
}

export async function listEmployeeEvents(employee: string, limit: number, options: CallOptions = {}) {
  const { items } = await call(api.GET('/api/events', { params: { query: { employee, limit } }, ...init(options) }));
  return items;
}

export async function listPendingReviews(limit: number, options: CallOptions = {}): Promise<Review[]> {
  const { items } = await call(
    api.GET('/api/reviews', { params: { query: { status: 'pending', limit } }, ...init(options) }),
  );
  return items;
}
