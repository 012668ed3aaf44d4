// Starting and cancelling backtests: each calls the API, refreshes what shows the backtest and confirms in the
// corner. Failures are the caller's to show next to its form (a 422 names the periods the engine refused).
import { invalidate } from '$app/navigation';
import { cancelBacktest, startBacktest } from '../api/backtests.ts';
import { BACKTESTS_DEPENDENCY } from '../backtests/results.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { notifications } from '../notifications/notifications.svelte.ts';

/** Starts the backtest; the caller opens it to watch its progress. */
export async function runBacktest(schemeId: string, version: number, periods: readonly string[]): Promise<string> {
  const { id } = await startBacktest(schemeId, version, periods);
  notifications.show('success', t('backtests.started', { version, count: periods.length }));
  await invalidate(BACKTESTS_DEPENDENCY);
  return id;
}

export async function stopBacktest(id: string): Promise<void> {
  await cancelBacktest(id);
  notifications.show('success', t('backtests.cancelRequested'));
  await invalidate(BACKTESTS_DEPENDENCY);
}
