// The money fast path (integers in float64) must agree with decimal.js on every input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, divide, Fixed, formatMoney, formatProduct, type Money, multiply, negate, toMoney } from './fixed.ts';
import { Dec, ROUNDING_MODES, type RoundingMode, toDecimal } from './money.ts';

const amount = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }).map((cents) => (cents / 100).toFixed(2)),
  fc.integer({ min: -1e12, max: 1e12 }).map((n) => n / 1000),
  fc.double({ min: -1e7, max: 1e7, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    0.1,
    0.2,
    0.035,
    1e15,
    9007199254740991,
    1.005,
    '1234567890123.45',
    '0.000000001',
    '99999999999999999.99',
    '-0.00',
  ),
);
const mode = fc.constantFrom(...(Object.keys(ROUNDING_MODES) as RoundingMode[]));
const digits = fc.integer({ min: 0, max: 4 });

const exact = (x: Money): Dec => (x instanceof Fixed ? x.toDecimal() : x);
function reference(x: Dec, places: number, m: RoundingMode): string {
  const text = x.toFixed(places, ROUNDING_MODES[m]);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

describe('money fast path = decimal.js', () => {
  it('reads numbers and decimal strings exactly', () => {
    fc.assert(
      fc.property(amount, (a) => {
        expect(exact(toMoney(a)).equals(toDecimal(a))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('adds, subtracts, multiplies and rounds exactly', () => {
    fc.assert(
      fc.property(amount, amount, digits, mode, (a, b, places, m) => {
        const [x, y] = [toMoney(a), toMoney(b)];
        const [dx, dy] = [toDecimal(a), toDecimal(b)];
        expect(formatMoney(add(x, y), places, m)).toBe(reference(dx.plus(dy), places, m));
        expect(formatMoney(add(x, negate(y)), places, m)).toBe(reference(dx.minus(dy), places, m));
        expect(formatMoney(multiply(x, y), places, m)).toBe(reference(dx.times(dy), places, m));
        if (!dy.isZero()) expect(formatMoney(divide(x, y), places, m)).toBe(reference(dx.dividedBy(dy), places, m));
        expect(formatMoney(multiply(x, y), undefined)).toBe(dx.times(dy).toFixed());
      }),
      { numRuns: 5000 },
    );
  });

  it('formats a product as formatMoney(multiply(...)) does, without allocating', () => {
    fc.assert(
      fc.property(amount, amount, digits, mode, (a, b, places, m) => {
        expect(formatProduct(a, b, places, m)).toBe(formatMoney(multiply(toMoney(a), toMoney(b)), places, m));
      }),
      { numRuns: 5000 },
    );
    expect(formatProduct('75000.00', 1.0702, 2, 'half-up')).toBe('80265.00');
    expect(formatProduct('60000.00', 0.8347, 2, 'half-even')).toBe('50082.00');
    expect(formatProduct('abc', 0.5, 2, 'half-up')).toBeNull();
  });

  it('takes the fast path for everyday amounts', () => {
    expect(toMoney('60000.00')).toBeInstanceOf(Fixed);
    expect(toMoney(0.835)).toStrictEqual(new Fixed(835, 3));
    expect(multiply(toMoney('60000.00'), toMoney(0.835))).toBeInstanceOf(Fixed);
    expect(toMoney(1 / 3)).toBeInstanceOf(Dec);
  });
});
