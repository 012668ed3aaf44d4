import { describe, expect, it } from 'vitest';
import { closeAsOf, defaultCloseCron, runPeriodAt } from './scheme-period.ts';

describe('runPeriodAt', () => {
  it('closes the month that ended before the local date of the run', () => {
    // 1 November 04:00 in Moscow is 31 October 01:00 UTC: the local date decides
    const run = runPeriodAt('month', 'close', new Date('2026-11-01T01:00:00Z'), 'Europe/Moscow');
    expect(run.period.key).toBe('2026-10');
    expect(run.asOf).toBe('2026-10-31T21:00:00.000Z');
  });

  it('gives a catch-up run the period of its scheduled time, not of the day it runs', () => {
    expect(runPeriodAt('month', 'close', new Date('2026-09-01T01:00:00Z'), 'Europe/Moscow').period.key).toBe('2026-08');
  });

  it('reads the local date, not the UTC one', () => {
    // 31 October 22:30 UTC is already 1 November in Moscow, still 31 October in New York
    const at = new Date('2026-10-31T22:30:00Z');
    expect(runPeriodAt('month', 'progress', at, 'Europe/Moscow').period.key).toBe('2026-11');
    expect(runPeriodAt('month', 'progress', at, 'America/New_York').period.key).toBe('2026-10');
    expect(runPeriodAt('month', 'close', at, 'Europe/Moscow').period.key).toBe('2026-10');
    expect(runPeriodAt('month', 'close', at, 'America/New_York').period.key).toBe('2026-09');
  });

  it('evaluates progress as of the scheduled time', () => {
    const at = new Date('2026-10-15T03:00:00Z');
    expect(runPeriodAt('month', 'progress', at, 'Europe/Moscow')).toMatchObject({
      period: { key: '2026-10', start: '2026-10-01', end: '2026-10-31' },
      asOf: '2026-10-15T03:00:00.000Z',
    });
  });

  it('crosses a year and handles quarters, halves and years', () => {
    const newYear = new Date('2027-01-01T01:00:00Z');
    expect(runPeriodAt('month', 'close', newYear, 'Europe/Moscow').period.key).toBe('2026-12');
    expect(runPeriodAt('quarter', 'close', newYear, 'Europe/Moscow').period.key).toBe('2026-Q4');
    expect(runPeriodAt('half-year', 'close', newYear, 'Europe/Moscow').period.key).toBe('2026-H2');
    expect(runPeriodAt('year', 'close', newYear, 'Europe/Moscow').period.key).toBe('2026');
    expect(runPeriodAt('quarter', 'progress', newYear, 'Europe/Moscow').period.key).toBe('2027-Q1');
  });

  it('ends a period at local midnight across a DST change', () => {
    // New York leaves DST on 1 November 2026: October ends at 04:00 UTC, November at 05:00 UTC
    expect(
      closeAsOf({ kind: 'month', key: '2026-10', start: '2026-10-01', end: '2026-10-31' }, 'America/New_York'),
    ).toBe('2026-11-01T04:00:00.000Z');
    expect(
      closeAsOf({ kind: 'month', key: '2026-11', start: '2026-11-01', end: '2026-11-30' }, 'America/New_York'),
    ).toBe('2026-12-01T05:00:00.000Z');
  });
});

describe('default cadence', () => {
  it('closes on the first day after the period at 04:00', () => {
    expect(defaultCloseCron('month')).toBe('0 4 1 * *');
    expect(defaultCloseCron('quarter')).toBe('0 4 1 1,4,7,10 *');
    expect(defaultCloseCron('half-year')).toBe('0 4 1 1,7 *');
    expect(defaultCloseCron('year')).toBe('0 4 1 1 *');
  });
});
