import { describe, expect, it } from 'vitest';
import { compareMoney, directionOf, subtractMoney, sumMoney } from './money.ts';
import { formatSignedMoney } from './signed-money.ts';

describe('money on the backtest screens', () => {
  it('sums decimal strings exactly, where floats would drift', () => {
    expect(sumMoney(['0.10', '0.20'], 'RUB')).toBe('0.30');
    expect(sumMoney(['9007199254740993.01', '0.02'], 'RUB')).toBe('9007199254740993.03');
    expect(sumMoney(['-1500.00', '1000.50', null], 'RUB')).toBe('-499.50');
    expect(sumMoney([], 'JPY')).toBe('0');
  });

  it('subtracts and compares', () => {
    expect(subtractMoney('100.00', '250.50', 'RUB')).toBe('-150.50');
    expect(compareMoney('99.99', '100.00', 'RUB')).toBe(-1);
    expect(compareMoney('-5.00', '-5', 'RUB')).toBe(0);
    expect(compareMoney('1000000.00', '999999.99', 'RUB')).toBe(1);
  });

  it('says which way a difference goes', () => {
    expect(directionOf('1200.00')).toBe('up');
    expect(directionOf('-0.01')).toBe('down');
    expect(directionOf('0.00')).toBe('none');
    expect(directionOf('-0.00')).toBe('none');
    expect(directionOf(null)).toBe('none');
  });

  it('writes a difference with its sign in both languages', () => {
    expect(formatSignedMoney('en', '1200.50', 'RUB')).toBe('+₽1,200.50');
    expect(formatSignedMoney('en', '-500.00', 'USD')).toBe('-$500.00');
    expect(formatSignedMoney('en', '0.00', 'RUB')).toBe('₽0.00');
    expect(formatSignedMoney('ru', '-1200.50', 'RUB').replace(/\s/g, ' ')).toBe('-1 200,50 ₽');
  });
});
