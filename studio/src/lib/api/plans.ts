// Plans (targets per metric, period and scope) and the people a plan grid lists.
import { api, type CallOptions, call, init, query, type Schema } from './client.ts';

export type Plan = Schema<'Plan'>;
export type PlanBulkInput = Schema<'PlanBulkInput'>;
export type Department = Schema<'Department'>;

export interface PlanQuery {
  period?: string;
  metric?: string;
  scope?: string;
}

export interface BulkResult {
  created: number;
  updated: number;
  unchanged: number;
  items: Plan[];
}

export async function listPlans(filter: PlanQuery = {}, options: CallOptions = {}): Promise<Plan[]> {
  const { items } = await call(api.GET('/api/plans', { params: { query: query(filter) }, ...init(options) }));
  return items;
}

/** Upserts a period's plans, all or nothing; a bad row is a 422 whose details point at `/items/<i>/…`. */
export function bulkPlans(body: PlanBulkInput, options: CallOptions = {}): Promise<BulkResult> {
  return call(api.PUT('/api/plans/bulk', { body, ...init(options) }));
}

export async function deletePlan(id: string, options: CallOptions = {}): Promise<void> {
  await call(api.DELETE('/api/plans/{id}', { params: { path: { id } }, ...init(options) }));
}

export async function listDepartments(options: CallOptions = {}): Promise<Department[]> {
  const { items } = await call(api.GET('/api/departments', init(options)));
  return items;
}
