// The alert list's shared facts: its filters live in the URL (`/alerts?status=open&severity=critical`)
// so they survive reloads and links; its load declares ALERTS_DEPENDENCY so it can be refreshed by name.
import type { AlertFilter } from '../api/alerts.ts';
import { ALERT_SEVERITIES, ALERT_STATUSES, type Alert, type AlertSeverity, type AlertStatus } from '../api/types.ts';

export const STATUS_PARAM = 'status';
export const SEVERITY_PARAM = 'severity';
export const EMPLOYEE_PARAM = 'employee';

export const ALERTS_DEPENDENCY = 'app:alerts';

export function parseStatusFilter(value: string | null): AlertStatus | undefined {
  return (ALERT_STATUSES as readonly string[]).includes(value ?? '') ? (value as AlertStatus) : undefined;
}

export function parseSeverityFilter(value: string | null): AlertSeverity | undefined {
  return (ALERT_SEVERITIES as readonly string[]).includes(value ?? '') ? (value as AlertSeverity) : undefined;
}

/** The filters in the URL; unknown values are dropped (the list shows everything rather than an error). */
export function parseAlertFilter(params: URLSearchParams): AlertFilter {
  const status = parseStatusFilter(params.get(STATUS_PARAM));
  const severity = parseSeverityFilter(params.get(SEVERITY_PARAM));
  const employee = params.get(EMPLOYEE_PARAM)?.trim() || undefined;
  return { ...(status ? { status } : {}), ...(severity ? { severity } : {}), ...(employee ? { employee } : {}) };
}

/** Newest first, whatever order the engine sent. */
export function byNewest<T extends { createdAt: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** What can still be done to an alert: acknowledge an open one, resolve any but a resolved one. */
export function canAcknowledge(alert: Pick<Alert, 'status'>): boolean {
  return alert.status === 'open';
}

export function canResolve(alert: Pick<Alert, 'status'>): boolean {
  return alert.status !== 'resolved';
}
