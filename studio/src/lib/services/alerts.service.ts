// Acknowledging and resolving alerts: each calls the API, refreshes the inbox, and confirms in the
// corner. Failures are the caller's to show (a 409 means someone else got there first).
import { invalidate } from '$app/navigation';
import { ALERTS_DEPENDENCY } from '../alerts/alert-list.ts';
import { type AlertAction, actOnAlert, actOnAlerts } from '../api/alerts.ts';
import type { Alert } from '../api/types.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { notifications } from '../notifications/notifications.svelte.ts';

export async function actOn(alert: Alert, action: AlertAction): Promise<Alert> {
  const changed = await actOnAlert(alert.id, action);
  notifications.show(
    'success',
    t(action === 'acknowledge' ? 'alerts.done.acknowledged' : 'alerts.done.resolved', { name: alert.employee.name }),
  );
  await invalidate(ALERTS_DEPENDENCY);
  return changed;
}

export async function actOnMany(ids: readonly string[], action: AlertAction): Promise<void> {
  const { items, unchanged } = await actOnAlerts(ids, action);
  notifications.show(
    'success',
    t(action === 'acknowledge' ? 'alerts.done.acknowledgedMany' : 'alerts.done.resolvedMany', { count: items.length }),
  );
  if (unchanged.length > 0) notifications.show('info', t('alerts.done.unchanged', { count: unchanged.length }));
  await invalidate(ALERTS_DEPENDENCY);
}
