// Employees, departments and teams.
import { api, type CallOptions, call, init } from './client.ts';
import type { Employee } from './types.ts';

/** Employees the caller may see, by name (the engine answers at most 1000 per page). */
export async function listEmployees(options: CallOptions = {}): Promise<Employee[]> {
  const { items } = await call(api.GET('/api/employees', { params: { query: { limit: 1000 } }, ...init(options) }));
  return items;
}
