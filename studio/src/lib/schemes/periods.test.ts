import { describe, expect, it } from 'vitest';
import { firstOfMonth, periodKeyOf, recentPeriods } from './periods.ts';

describe('period keys', () => {
  it('names the period containing a day', () => {
    expect(periodKeyOf('month', '2026-10-20')).toBe('2026-10');
    expect(periodKeyOf('quarter', '2026-10-20')).toBe('2026-Q4');
    expect(periodKeyOf('half-year', '2026-06-30')).toBe('2026-H1');
    expect(periodKeyOf('year', '2026-06-30')).toBe('2026');
    expect(firstOfMonth('2026-10-20')).toBe('2026-10-01');
  });

  it('lists recent periods newest first, across years', () => {
    expect(recentPeriods('month', '2026-02-10', 3)).toEqual(['2026-02', '2026-01', '2025-12']);
    expect(recentPeriods('quarter', '2026-02-10', 2)).toEqual(['2026-Q1', '2025-Q4']);
    expect(recentPeriods('half-year', '2026-08-01', 3)).toEqual(['2026-H2', '2026-H1', '2025-H2']);
    expect(recentPeriods('year', '2026-08-01', 2)).toEqual(['2026', '2025']);
  });
});
