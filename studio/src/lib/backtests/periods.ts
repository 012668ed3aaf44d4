// Which periods a screen offers: the ended periods of a scheme's kind for a backtest (newest first, at most 24
// chosen), and the current one with those before it for a pilot comparison or a run. Days are the
// organization's calendar days, so a period ends at midnight in its time zone, as the engine decides.
import { addDays, localDateOf, periodContaining } from '@yardstick/engine/domain';
import type { SchemeVersion } from '../api/backtests.ts';

export type PeriodKind = SchemeVersion['definition']['periodKind'];

/** The engine refuses a backtest of more periods than this. */
export const MAX_BACKTEST_PERIODS = 24;

/** How far back the pickers reach, per kind: three years of months, five years otherwise. */
const LOOKBACK: Readonly<Record<PeriodKind, number>> = { month: 36, quarter: 20, 'half-year': 10, year: 5 };

/** Today in the organization's time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return localDateOf(now, timeZone);
}

/** The period of `kind` holding `today`, then the ones before it: `count` keys, newest first. */
export function recentPeriods(kind: PeriodKind, today: string, count: number = LOOKBACK[kind]): string[] {
  const keys: string[] = [];
  let period = periodContaining(kind, today);
  while (keys.length < count) {
    keys.push(period.key);
    period = periodContaining(kind, addDays(period.start, -1));
  }
  return keys;
}

/** Periods of `kind` that have ended by `today` (a backtest needs the whole period), newest first. */
export function pastPeriods(kind: PeriodKind, today: string, count: number = LOOKBACK[kind]): string[] {
  return recentPeriods(kind, today, count + 1).slice(1);
}

/** The selection after clicking `key`: added (unless `max` are chosen already) or removed; kept newest first. */
export function togglePeriod(selected: readonly string[], key: string, max = MAX_BACKTEST_PERIODS): string[] {
  if (selected.includes(key)) return selected.filter((k) => k !== key);
  if (selected.length >= max) return [...selected];
  return newestFirst([...selected, key]);
}

/** The `n` latest of the offered periods (a quick pick), never more than the engine takes. */
export function latestPeriods(offered: readonly string[], n: number): string[] {
  return newestFirst(offered).slice(0, Math.min(n, MAX_BACKTEST_PERIODS));
}

/** Period keys of one kind sort as text: `2026-09` < `2026-10`, `2025-Q4` < `2026-Q1`. */
export function newestFirst(keys: readonly string[]): string[] {
  return [...keys].sort((a, b) => b.localeCompare(a));
}
