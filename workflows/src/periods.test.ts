import { describe, expect, it } from 'vitest';
import { monthPeriodOf } from './periods.ts';

describe('monthPeriodOf', () => {
  it('puts an event in the month of the organization’s time zone, not UTC', () => {
    // 22:30 UTC on 31 October is already 1 November in Moscow (UTC+3)
    const instant = new Date('2026-10-31T22:30:00Z');
    expect(monthPeriodOf(instant, 'Europe/Moscow')).toEqual({ key: '2026-11', start: '2026-11-01', end: '2026-11-30' });
    expect(monthPeriodOf(instant, 'UTC').key).toBe('2026-10');
  });

  it('knows February of a leap year', () => {
    expect(monthPeriodOf(new Date('2028-02-10T12:00:00Z'), 'UTC').end).toBe('2028-02-29');
  });
});
