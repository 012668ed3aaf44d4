import { describe, expect, it } from 'vitest';
import { latestPeriods, MAX_BACKTEST_PERIODS, pastPeriods, recentPeriods, todayIn, togglePeriod } from './periods.ts';

describe('the periods a backtest can pick', () => {
  it('are the ended periods of the kind, newest first: the current one is not offered', () => {
    expect(pastPeriods('month', '2026-12-03', 4)).toEqual(['2026-11', '2026-10', '2026-09', '2026-08']);
    expect(pastPeriods('quarter', '2026-12-03', 3)).toEqual(['2026-Q3', '2026-Q2', '2026-Q1']);
    expect(pastPeriods('half-year', '2026-07-01', 2)).toEqual(['2026-H1', '2025-H2']);
    expect(pastPeriods('year', '2026-01-01', 2)).toEqual(['2025', '2024']);
  });

  it('cross a year boundary', () => {
    expect(pastPeriods('month', '2026-02-10', 3)).toEqual(['2026-01', '2025-12', '2025-11']);
  });

  it('reach three years back for months by default', () => {
    const months = pastPeriods('month', '2026-12-03');
    expect(months).toHaveLength(36);
    expect(months.at(-1)).toBe('2023-12');
  });

  it('for a pilot or a run start with the current period', () => {
    expect(recentPeriods('month', '2026-12-03', 2)).toEqual(['2026-12', '2026-11']);
  });

  it('end at midnight in the organization’s time zone, not the browser’s', () => {
    // 22:30 UTC on 30 November is already 1 December in Moscow
    const now = new Date('2026-11-30T22:30:00Z');
    expect(todayIn('Europe/Moscow', now)).toBe('2026-12-01');
    expect(todayIn('UTC', now)).toBe('2026-11-30');
    expect(pastPeriods('month', todayIn('Europe/Moscow', now), 1)).toEqual(['2026-11']);
    expect(pastPeriods('month', todayIn('UTC', now), 1)).toEqual(['2026-10']);
  });
});

describe('choosing periods', () => {
  it('adds and removes a period, keeping the choice newest first', () => {
    let selected = togglePeriod([], '2026-09');
    selected = togglePeriod(selected, '2026-11');
    selected = togglePeriod(selected, '2026-10');
    expect(selected).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(togglePeriod(selected, '2026-10')).toEqual(['2026-11', '2026-09']);
  });

  it('takes no more than the engine accepts', () => {
    const offered = pastPeriods('month', '2026-12-03');
    const full = latestPeriods(offered, 30);
    expect(full).toHaveLength(MAX_BACKTEST_PERIODS);
    expect(full[0]).toBe('2026-11');
    expect(togglePeriod(full, '2023-12')).toEqual(full);
    // one can still be taken out
    expect(togglePeriod(full, '2026-11')).toHaveLength(MAX_BACKTEST_PERIODS - 1);
  });

  it('quick-picks the latest few', () => {
    expect(latestPeriods(['2026-09', '2026-11', '2026-10'], 2)).toEqual(['2026-11', '2026-10']);
  });
});
