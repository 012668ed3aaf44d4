import { describe, expect, it } from 'vitest';
import { formatSignedMoney } from './signed-money.ts';

describe('signed money', () => {
  it('writes a difference with its sign in both languages', () => {
    expect(formatSignedMoney('en', '1200.50', 'RUB')).toBe('+₽1,200.50');
    expect(formatSignedMoney('en', '-500.00', 'USD')).toBe('-$500.00');
    expect(formatSignedMoney('en', '0.00', 'RUB')).toBe('₽0.00');
    expect(formatSignedMoney('ru', '-1200.50', 'RUB').replace(/\s/g, ' ')).toBe('-1 200,50 ₽');
  });
});
