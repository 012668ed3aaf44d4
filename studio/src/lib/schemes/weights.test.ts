import { describe, expect, it } from 'vitest';
import { evenWeights, percentToWeight, weightSum, weightToPercent } from './weights.ts';

describe('KPI weights', () => {
  it('shows stored weights in percent and stores typed percents as 0–1', () => {
    expect(weightToPercent(0.3)).toBe(30);
    expect(weightToPercent(0.3333)).toBe(33.33);
    expect(percentToWeight('45')).toBe(0.45);
    expect(percentToWeight('12,5')).toBe(0.125);
    expect(percentToWeight(33.33)).toBe(0.3333);
  });

  it('refuses what is not a percent from 0 to 100', () => {
    expect(percentToWeight('')).toBeNull();
    expect(percentToWeight('abc')).toBeNull();
    expect(percentToWeight(-1)).toBeNull();
    expect(percentToWeight('100.5')).toBeNull();
  });

  it('adds up exactly, without floating-point drift', () => {
    expect(weightSum([0.1, 0.2, 0.7])).toEqual({ percent: 100, remaining: 0, ok: true });
    expect(weightSum([0.3333, 0.3333, 0.3334]).ok).toBe(true);
    expect(weightSum([0.5, 0.3, 0.15])).toEqual({ percent: 95, remaining: 5, ok: false });
    expect(weightSum([0.6, 0.6])).toEqual({ percent: 120, remaining: -20, ok: false });
    expect(weightSum([]).ok).toBe(false);
  });

  it('spreads weights evenly to exactly 100%', () => {
    expect(evenWeights(3)).toEqual([0.3333, 0.3333, 0.3334]);
    expect(weightSum(evenWeights(7)).ok).toBe(true);
    expect(evenWeights(0)).toEqual([]);
  });
});
