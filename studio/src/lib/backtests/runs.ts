// A scheme's periods and runs as the periods screen shows them: which versions run (active and pilot), the tone
// of a period's close state, and whether the list should keep refreshing itself.
import type { SchemeVersionSummary } from '../api/backtests.ts';
import type { SchemePeriod, SchemePeriodStatus } from '../api/scheme-runs.ts';

export const RUNS_DEPENDENCY = 'app:scheme-runs';

/** How often the periods list refreshes while a close is under way. */
export const RUNS_REFRESH_MS = 4000;

/** The versions that have schedules and may be evaluated: active first, then pilots, newest first. */
export function runningVersions(versions: readonly SchemeVersionSummary[]): SchemeVersionSummary[] {
  const rank = (v: SchemeVersionSummary) => (v.status === 'active' ? 0 : 1);
  return versions
    .filter((v) => v.status === 'active' || v.status === 'pilot')
    .sort((a, b) => rank(a) - rank(b) || b.version - a.version);
}

export const PERIOD_STATUSES: readonly SchemePeriodStatus[] = ['closing', 'reviewing', 'locked'];

export function periodTone(status: SchemePeriodStatus): 'info' | 'warning' | 'good' {
  return status === 'closing' ? 'info' : status === 'reviewing' ? 'warning' : 'good';
}

/** A close still moving (closing or waiting for reviews): the list refreshes itself. */
export function anyUnderWay(periods: readonly SchemePeriod[]): boolean {
  return periods.some((p) => p.status !== 'locked');
}

/** The error codes a run is refused with that the screen explains in its own words. */
export const RUN_REFUSALS = [
  'period.locked',
  'period.close_started',
  'scheme.not_running',
  'temporal.unavailable',
] as const;
export type RunRefusal = (typeof RUN_REFUSALS)[number];

export function isRunRefusal(code: string): code is RunRefusal {
  return (RUN_REFUSALS as readonly string[]).includes(code);
}
