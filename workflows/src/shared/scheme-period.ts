// Which period a scheme run evaluates, and as of when. Pure (no clock, no I/O), so the workflow can derive the
// period of a run from its scheduled time: a catch-up run started days late still evaluates the period it was
// scheduled for.
import { addDays, localDateOf, type Period, periodContaining, periodRange } from '@yardstick/engine/domain';
import type { SchemeDefinition } from './scheme-definition.ts';

export type RunMode = 'progress' | 'close';

export interface RunPeriod {
  period: Period;
  /** ISO instant the evaluation is as of: the scheduled time (progress) or the period's end (close) */
  asOf: string;
}

/**
 * The period a run at `scheduledAt` evaluates, in the organization's time zone.
 * - progress: the period containing that local date, as of the scheduled time;
 * - close: the period that ended before that local date (a run on 1 November closes October), as of its end.
 */
export function runPeriodAt(
  periodKind: SchemeDefinition['periodKind'],
  mode: RunMode,
  scheduledAt: Date,
  timeZone: string,
): RunPeriod {
  const current = periodContaining(periodKind, localDateOf(scheduledAt, timeZone));
  if (mode === 'progress') return { period: current, asOf: scheduledAt.toISOString() };
  const previous = periodContaining(periodKind, addDays(current.start, -1));
  return { period: previous, asOf: closeAsOf(previous, timeZone) };
}

/** A close sees the whole period: it is as of the period's end (the first instant after it). */
export function closeAsOf(period: Period, timeZone: string): string {
  return periodRange(period, timeZone).to.toISOString();
}

/** Default cadences by period kind (cron, in the organization's time zone). */
export const DEFAULT_PROGRESS_CRON = '0 6 * * *';
export function defaultCloseCron(periodKind: SchemeDefinition['periodKind']): string {
  switch (periodKind) {
    case 'month':
      return '0 4 1 * *';
    case 'quarter':
      return '0 4 1 1,4,7,10 *';
    case 'half-year':
      return '0 4 1 1,7 *';
    case 'year':
      return '0 4 1 1 *';
  }
}
