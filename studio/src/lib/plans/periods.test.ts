import { describe, expect, it } from 'vitest';
import { monthOf, periodKind, previousPeriod, shiftPeriod } from './periods.ts';

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
});
