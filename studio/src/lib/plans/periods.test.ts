import { describe, expect, it } from 'vitest';
import { employedDuring, monthOf, periodDays, periodKind, previousPeriod, shiftPeriod } from './periods.ts';

describe('periods', () => {
  it('steps back across year ends for every kind', () => {
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(previousPeriod('2026-10')).toBe('2026-09');
    expect(previousPeriod('2026-Q1')).toBe('2025-Q4');
    expect(previousPeriod('2026-H1')).toBe('2025-H2');
    expect(previousPeriod('2026')).toBe('2025');
    expect(shiftPeriod('2026-12', 1)).toBe('2027-01');
  });

  it('knows the kinds and refuses what is not a period', () => {
    expect(periodKind('2026-Q3')).toBe('quarter');
    expect(periodKind('2026-13')).toBeNull();
    expect(() => previousPeriod('soon')).toThrow();
  });

  it('names the month of a moment in a time zone', () => {
    expect(monthOf(new Date('2026-10-31T22:30:00Z'), 'Europe/Moscow')).toBe('2026-11');
    expect(monthOf(new Date('2026-10-31T22:30:00Z'), 'UTC')).toBe('2026-10');
  });

  it('knows the days of a period and who works in it', () => {
    expect(periodDays('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(periodDays('2026-Q4')).toEqual({ first: '2026-10-01', last: '2026-12-31' });
    expect(periodDays('2026-H1')).toEqual({ first: '2026-01-01', last: '2026-06-30' });
    expect(periodDays('2026')).toEqual({ first: '2026-01-01', last: '2026-12-31' });
    expect(employedDuring('2026-10', null, null)).toBe(true);
    expect(employedDuring('2026-10', '2026-10-31', null)).toBe(true);
    expect(employedDuring('2026-10', '2026-11-01', null)).toBe(false);
    expect(employedDuring('2026-10', null, '2026-10-01')).toBe(true);
    expect(employedDuring('2026-10', null, '2026-09-30')).toBe(false);
  });
});
