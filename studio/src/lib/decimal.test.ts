import { describe, expect, it } from 'vitest';
import { sumDecimals } from './decimal.ts';

describe('sumDecimals', () => {
  it('adds exactly, with the fraction digits of the most precise figure', () => {
    expect(sumDecimals(['0.10', '0.20'])).toBe('0.30');
    expect(sumDecimals(['9007199254740993.01', '1.00'])).toBe('9007199254740994.01');
    expect(sumDecimals(['63000.00', '-2500.5'])).toBe('60499.50');
    expect(sumDecimals(['-0.05', '0.01'])).toBe('-0.04');
    expect(sumDecimals([])).toBe('0');
  });

  it('refuses what is not a decimal', () => {
    expect(() => sumDecimals(['1e3'])).toThrow(/Not a decimal/);
  });
});
