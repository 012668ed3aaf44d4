// The alerts inbox.
import { api, type CallOptions, call, init, query } from './client.ts';
import type { Alert, AlertQuery } from './types.ts';

export async function listAlerts(filter: AlertQuery = {}, options: CallOptions = {}): Promise<Alert[]> {
  const { items } = await call(api.GET('/api/alerts', { params: { query: query(filter) }, ...init(options) }));
  return items;
}
