import { describe, expect, it } from 'vitest';
import { fromMinor, toMinor } from './money.ts';

describe('money', () => {
  it('keeps amounts exact through minor units', () => {
    expect(toMinor('250000', 'RUB')).toBe('25000000');
    expect(toMinor(99.99, 'RUB')).toBe('9999');
    expect(toMinor('0.30', 'USD')).toBe('30');
    expect(fromMinor('25000000', 'RUB')).toBe('250000.00');
    expect(fromMinor('-5', 'RUB')).toBe('-0.05');
    expect(toMinor('1500', 'JPY')).toBe('1500');
    expect(fromMinor('1500', 'JPY')).toBe('1500');
  });

  it('refuses amounts finer than the currency allows instead of rounding silently', () => {
    expect(() => toMinor('10.005', 'RUB')).toThrow(RangeError);
    expect(() => toMinor('ten', 'RUB')).toThrow(RangeError);
    expect(toMinor('10.500', 'RUB')).toBe('1050');
  });

  it('handles amounts beyond the float-safe range', () => {
    expect(toMinor('90071992547409931.27', 'RUB')).toBe('9007199254740993127');
    expect(fromMinor('9007199254740993127', 'RUB')).toBe('90071992547409931.27');
  });
});
