// The alert list's shared facts: its filter lives in the URL (`/alerts?status=open`) so it survives
// reloads and links; its load declares ALERTS_DEPENDENCY so it can be refreshed by name.
import { ALERT_STATUSES, type AlertStatus } from '../api/types.ts';

export const STATUS_PARAM = 'status';

export const ALERTS_DEPENDENCY = 'app:alerts';

export function parseStatusFilter(value: string | null): AlertStatus | undefined {
  return (ALERT_STATUSES as readonly string[]).includes(value ?? '') ? (value as AlertStatus) : undefined;
}

/** Newest first, whatever order the engine sent. */
export function byNewest<T extends { createdAt: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}
