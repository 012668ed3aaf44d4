import { describe, expect, it } from 'vitest';
import { parseTarget, plainDecimal, shiftDecimal, targetInput } from './targets.ts';

describe('targets', () => {
  it('keeps money as a decimal string, whatever separators were typed', () => {
    expect(parseTarget('2 500 000', 'money')).toEqual({ ok: true, target: '2500000' });
    expect(parseTarget('2\u00a0500\u00a0000,50', 'money')).toEqual({ ok: true, target: '2500000.5' });
    expect(parseTarget('1,234,567.89', 'money')).toEqual({ ok: true, target: '1234567.89' });
    expect(parseTarget('0.1', 'money')).toEqual({ ok: true, target: '0.1' });
    expect(parseTarget('12345678901234567.1', 'money')).toEqual({ ok: false, problem: 'too_large' });
    expect(parseTarget('1.23456', 'money')).toEqual({ ok: false, problem: 'too_many_decimals' });
  });

  it('wants whole counts, non-negative numbers', () => {
    expect(parseTarget('8', 'count')).toEqual({ ok: true, target: '8' });
    expect(parseTarget('8.5', 'count')).toEqual({ ok: false, problem: 'not_whole' });
    expect(parseTarget('-1', 'count')).toEqual({ ok: false, problem: 'negative' });
    expect(parseTarget('eight', 'count')).toEqual({ ok: false, problem: 'not_a_number' });
  });

  it('takes percents for a percent metric and stores the fraction', () => {
    expect(parseTarget('75', 'percent')).toEqual({ ok: true, target: '0.75' });
    expect(parseTarget('80,5 %', 'percent')).toEqual({ ok: true, target: '0.805' });
    expect(parseTarget('120', 'percent')).toEqual({ ok: true, target: '1.2' });
    expect(targetInput('0.75', 'percent')).toBe('75');
    expect(targetInput('2500000.0000', 'money')).toBe('2500000');
  });

  it('moves decimal points without floating-point error', () => {
    expect(shiftDecimal('0.07', 2)).toBe('7');
    expect(shiftDecimal('0.1', 2)).toBe('10');
    expect(shiftDecimal('7', -2)).toBe('0.07');
    expect(shiftDecimal('1234.5', -2)).toBe('12.345');
    expect(plainDecimal('007.500')).toBe('7.5');
  });
});
