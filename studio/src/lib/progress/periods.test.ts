import { describe, expect, it } from 'vitest';
import { monthOf, monthsUpTo, periodParam } from './periods.ts';

describe('periods', () => {
  it('takes the month in the organization’s time zone', () => {
    const lateOnTheLastDay = new Date('2026-11-30T22:30:00Z');
    expect(monthOf(lateOnTheLastDay, 'UTC')).toBe('2026-11');
    expect(monthOf(lateOnTheLastDay, 'Europe/Moscow')).toBe('2026-12');
  });

  it('lists the months up to a month across a year end, oldest first', () => {
    expect(monthsUpTo('2027-02', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it('reads a period from the URL only when the engine would', () => {
    expect(periodParam('2026-Q4', '2026-12')).toBe('2026-Q4');
    expect(periodParam('2026-13', '2026-12')).toBe('2026-12');
    expect(periodParam(null, '2026-12')).toBe('2026-12');
  });
});
