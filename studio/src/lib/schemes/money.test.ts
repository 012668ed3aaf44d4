import { describe, expect, it } from 'vitest';
import { fromMinor, toMinor } from './money.ts';

describe('money in minor units', () => {
  it('reads decimal strings and writes them back', () => {
    expect(toMinor('12500.5', 'RUB')).toBe(1_250_050n);
    expect(toMinor('-0.07', 'RUB')).toBe(-7n);
    expect(toMinor('100', 'JPY')).toBe(100n);
    expect(fromMinor(1_250_050n, 'RUB')).toBe('12500.50');
    expect(fromMinor(-7n, 'RUB')).toBe('-0.07');
    expect(fromMinor(0n, 'RUB')).toBe('0.00');
  });
});
