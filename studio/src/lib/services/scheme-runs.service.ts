// Running a scheme's versions by hand: evaluate a period now (progress or close), pause or resume the schedules.
// Each refreshes the periods list and confirms; a refusal (409 locked or already closing) is the caller's to show.
import { invalidate } from '$app/navigation';
import { evaluateVersion, pauseVersion, type RunMode, resumeVersion } from '../api/scheme-runs.ts';
import { RUNS_DEPENDENCY } from '../backtests/runs.ts';
import { fmt, t } from '../i18n/i18n.svelte.ts';
import { notifications } from '../notifications/notifications.svelte.ts';

export async function runEvaluation(schemeId: string, version: number, period: string, mode: RunMode): Promise<void> {
  await evaluateVersion(schemeId, version, { period, mode });
  notifications.show('success', t(`runs.run.started.${mode}`, { version, period: fmt.period(period) }));
  await invalidate(RUNS_DEPENDENCY);
}

export async function setPaused(schemeId: string, version: number, paused: boolean): Promise<void> {
  if (paused) await pauseVersion(schemeId, version);
  else await resumeVersion(schemeId, version);
  notifications.show('success', t(paused ? 'runs.paused' : 'runs.resumed', { version }));
  await invalidate(RUNS_DEPENDENCY);
}
