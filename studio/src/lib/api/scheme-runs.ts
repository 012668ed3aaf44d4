// Runs of a scheme's versions: the state of its closed periods, evaluating a period now, pausing schedules.
import type { SchemeVersion } from './backtests.ts';
import { api, type CallOptions, call, init, type Schema } from './client.ts';

export type SchemePeriod = Schema<'SchemePeriod'>;
export type SchemePeriodStatus = SchemePeriod['status'];
export type RunMode = 'progress' | 'close';

/** Closing, reviewing and locked periods of every version, newest first. */
export async function listSchemePeriods(schemeId: string, options: CallOptions = {}): Promise<SchemePeriod[]> {
  const { items } = await call(
    api.GET('/api/schemes/{id}/periods', { params: { path: { id: schemeId } }, ...init(options) }),
  );
  return items;
}

/**
 * Starts an evaluation of an active or pilot version for a period. 409: `period.locked`, `period.close_started`
 * (a close runs or ran) or `scheme.not_running`; 503 without Temporal.
 */
export function evaluateVersion(
  schemeId: string,
  v: number,
  body: { period: string; mode: RunMode },
  options: CallOptions = {},
): Promise<{ workflowId: string }> {
  return call(
    api.POST('/api/schemes/{id}/versions/{v}/evaluate', {
      params: { path: { id: schemeId, v } },
      body,
      ...init(options),
    }),
  );
}

export function pauseVersion(schemeId: string, v: number, options: CallOptions = {}): Promise<SchemeVersion> {
  return call(
    api.POST('/api/schemes/{id}/versions/{v}/pause', { params: { path: { id: schemeId, v } }, ...init(options) }),
  );
}

export function resumeVersion(schemeId: string, v: number, options: CallOptions = {}): Promise<SchemeVersion> {
  return call(
    api.POST('/api/schemes/{id}/versions/{v}/resume', { params: { path: { id: schemeId, v } }, ...init(options) }),
  );
}
