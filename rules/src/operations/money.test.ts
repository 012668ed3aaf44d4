import { describe, expect, it } from 'vitest';
import { evaluate, validate } from '../index.ts';

describe('money', () => {
  it('adds exactly and writes a decimal string', () => {
    expect(evaluate({ '+': [0.1, 0.2] }, {})).toBe(0.30000000000000004);
    expect(evaluate({ money: { '+': [0.1, 0.2] } }, {})).toBe('0.3');
    expect(evaluate({ money: [{ '+': [0.1, 0.2] }, 'RUB'] }, {})).toBe('0.30');
  });

  it('is exact where binary floating point rounds the wrong way', () => {
    // 100,001 × 1.5% = 1,500.015 exactly; in floating point it is 1500.0149999999999
    const context = { sales: 100_001, rate: 0.015 };
    expect((context.sales * context.rate).toFixed(2)).toBe('1500.01');
    expect(evaluate({ round: [{ '*': [{ var: 'sales' }, { var: 'rate' }] }, 'RUB'] }, context)).toBe('1500.01');
    expect(evaluate({ money: [{ '*': [{ var: 'sales' }, { var: 'rate' }] }, 'RUB'] }, context)).toBe('1500.02');
    expect(evaluate({ money: [{ '*': [{ var: 'sales' }, { var: 'rate' }] }, 'RUB', 'half-even'] }, context)).toBe(
      '1500.02',
    );
    expect(evaluate({ money: [{ '*': [100_015, 0.015] }, 'RUB', 'half-even'] }, {})).toBe('1500.22');
  });

  it('reads decimal strings and numbers; null counts as 0; other values give null', () => {
    const payout = { money: [{ '+': [{ var: 'salary' }, { var: 'bonus' }] }, 'RUB'] };
    expect(evaluate(payout, { salary: '60000.00', bonus: 12500.5 })).toBe('72500.50');
    expect(evaluate(payout, { salary: '60000.00' })).toBe('60000.00');
    expect(evaluate(payout, { salary: '60 000' })).toBeNull();
    expect(evaluate(payout, { salary: true })).toBeNull();
    expect(evaluate(payout, { salary: '0x10' })).toBeNull();
  });

  it('division by zero gives null, never Infinity', () => {
    expect(evaluate({ money: { '/': [100, { var: 'months' }] } }, { months: 0 })).toBeNull();
    expect(evaluate({ money: [{ '/': [100, 3] }, 2] }, {})).toBe('33.33');
  });

  it('rounds to the currency minor units', () => {
    expect(evaluate({ money: [1234.5, 'JPY'] }, {})).toBe('1235');
    expect(evaluate({ money: [1.2345, 'KWD'] }, {})).toBe('1.235');
    expect(evaluate({ money: [{ var: 'x' }, { var: 'currency' }] }, { x: 10, currency: 'USD' })).toBe('10.00');
    expect(evaluate({ money: [{ var: 'x' }, { var: 'currency' }] }, { x: 10, currency: 'XYZ' })).toBeNull();
    expect(validate({ money: [1, 'XYZ'] }).ok).toBe(false);
  });

  it('subtracts, multiplies, takes min/max and sums a computed list exactly', () => {
    expect(evaluate({ money: [{ '-': ['100.10', '0.20'] }, 2] }, {})).toBe('99.90');
    expect(evaluate({ money: { max: [0, { '-': [{ var: 'a' }, { var: 'b' }] }] } }, { a: 1, b: 3 })).toBe('0');
    expect(evaluate({ money: [{ '+': { var: 'lines' } }, 'RUB'] }, { lines: ['0.10', '0.20', 0.3] })).toBe('0.60');
  });

  it('operations other than arithmetic keep their meaning inside money', () => {
    const rule = { money: [{ '*': [{ var: 'base' }, { if: [{ '>=': [{ var: 'att' }, 1] }, 1.5, 1] }] }, 'RUB'] };
    expect(evaluate(rule, { base: '1000.10', att: 1.2 })).toBe('1500.15');
  });
});

describe('round', () => {
  it('half-up by default, half-even on request, to 2 digits by default', () => {
    expect(evaluate({ round: [2.345] }, {})).toBe('2.35');
    expect(evaluate({ round: [-2.345] }, {})).toBe('-2.35');
    expect(evaluate({ round: [2.345, 2, 'half-even'] }, {})).toBe('2.34');
    expect(evaluate({ round: [2.355, 2, 'half-even'] }, {})).toBe('2.36');
    expect(evaluate({ round: [2.349, 2, 'down'] }, {})).toBe('2.34');
    expect(evaluate({ round: [2.341, 2, 'up'] }, {})).toBe('2.35');
    expect(evaluate({ round: [-0.001] }, {})).toBe('0.00');
    expect(evaluate({ round: ['1840000.505', 'RUB'] }, {})).toBe('1840000.51');
  });

  it('null counts as 0; a non-number gives null', () => {
    expect(evaluate({ round: [{ var: 'x' }] }, {})).toBe('0.00');
    expect(evaluate({ round: [{ var: 'x' }] }, { x: 'abc' })).toBeNull();
    expect(validate({ round: ['abc'] }).ok).toBe(false);
    expect(validate({ round: [1, 2, 'bankers'] }).ok).toBe(false);
  });
});
