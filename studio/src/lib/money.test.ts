import { describe, expect, it } from 'vitest';
import {
  compareMoney,
  directionOf,
  fromMinor,
  isNonNegativeDecimal,
  minorUnits,
  subtractMoney,
  sumMoney,
} from './money.ts';

describe('money', () => {
  it('reads decimal strings as minor units and writes them back with the currency’s digits', () => {
    expect(minorUnits('12500.5', 'RUB')).toBe(1_250_050n);
    expect(minorUnits('-0.07', 'RUB')).toBe(-7n);
    expect(minorUnits('100', 'JPY')).toBe(100n);
    expect(fromMinor(1_250_050n, 'RUB')).toBe('12500.50');
    expect(fromMinor(-7n, 'RUB')).toBe('-0.07');
    expect(fromMinor(0n, 'RUB')).toBe('0.00');
    expect(() => minorUnits('1.005', 'RUB')).toThrow(RangeError);
  });

  it('sums decimal strings exactly, where floats would drift', () => {
    expect(sumMoney(['0.10', '0.20'], 'RUB')).toBe('0.30');
    expect(sumMoney(['9007199254740993.01', '0.02'], 'RUB')).toBe('9007199254740993.03');
    expect(sumMoney(['-1500.00', '1000.50', null], 'RUB')).toBe('-499.50');
    expect(sumMoney([], 'JPY')).toBe('0');
    expect(sumMoney([], 'RUB')).toBe('0.00');
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

  it('accepts an amount of zero or more with the currency’s digits at most', () => {
    expect(isNonNegativeDecimal('25000.00', 2)).toBe(true);
    expect(isNonNegativeDecimal('0', 2)).toBe(true);
    expect(isNonNegativeDecimal('1.005', 2)).toBe(false);
    expect(isNonNegativeDecimal('-1', 2)).toBe(false);
    expect(isNonNegativeDecimal('12,5', 2)).toBe(false);
    expect(isNonNegativeDecimal('', 2)).toBe(false);
  });
});
