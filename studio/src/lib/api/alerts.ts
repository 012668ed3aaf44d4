// The alerts inbox: the list, and acknowledging or resolving one alert or many.
import { api, type CallOptions, call, init, query } from './client.ts';
import type { Alert, AlertQuery, AlertSeverity } from './types.ts';

export interface AlertFilter extends AlertQuery {
  severity?: AlertSeverity;
}

/** What a bulk action changed, and the ids it left as they were (already past that step). */
export interface BulkAlertResult {
  items: Alert[];
  unchanged: string[];
}

export type AlertAction = 'acknowledge' | 'resolve';

export async function listAlerts(filter: AlertFilter = {}, options: CallOptions = {}): Promise<Alert[]> {
  const { items } = await call(api.GET('/api/alerts', { params: { query: query(filter) }, ...init(options) }));
  return items;
}

export function actOnAlert(id: string, action: AlertAction): Promise<Alert> {
  const params = { params: { path: { id } } };
  return call(
    action === 'acknowledge'
      ? api.POST('/api/alerts/{id}/acknowledge', params)
      : api.POST('/api/alerts/{id}/resolve', params),
  );
}

export function actOnAlerts(ids: readonly string[], action: AlertAction): Promise<BulkAlertResult> {
  const body = { body: { ids: [...ids] } };
  return call(
    action === 'acknowledge' ? api.POST('/api/alerts/acknowledge', body) : api.POST('/api/alerts/resolve', body),
  );
}
