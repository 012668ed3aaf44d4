// The fast path of money arithmetic: a decimal held as an integer count of 10^-scale units in a
// float64 (m × 10^-e), exact while m stays a safe integer. Anything beyond (an overflow, a
// quotient, a number with more than 15 significant digits) falls back to decimal.js. The property
// tests in fixed.test.ts check this path against decimal.js.
import { DECIMAL_PATTERN } from './ast.ts';
import { Dec, INVALID, ROUNDING_MODES, type RoundingMode, toDecimal } from './money.ts';

export class Fixed {
  readonly m: number;
  readonly e: number;
  constructor(m: number, e: number) {
    this.m = m;
    this.e = e;
  }
  toDecimal(): Dec {
    return new Dec(this.m).dividedBy(POW10_DEC[this.e] as Dec);
  }
}

/** A decimal-mode value: the fast Fixed, or decimal.js (NaN for "not a number"). */
export type Money = Fixed | Dec;

const MAX_SCALE = 15;
const POW10 = Array.from({ length: 2 * MAX_SCALE + 1 }, (_, i) => 10 ** i);
const POW10_DEC = POW10.map((_, i) => new Dec(10).pow(i));
const ZERO_FIXED = new Fixed(0, 0);
const LIMIT = Number.MAX_SAFE_INTEGER;

function fromNumber(x: number): Money {
  if (!Number.isFinite(x)) return INVALID;
  if (Number.isInteger(x)) return Math.abs(x) <= LIMIT ? new Fixed(x === 0 ? 0 : x, 0) : new Dec(x);
  // The fewest decimals that give back x: its shortest decimal form, while it has ≤ 15 digits.
  for (let e = 1; e <= MAX_SCALE; e++) {
    const p = POW10[e] as number;
    const m = Math.round(x * p);
    if (Math.abs(m) >= 1e15) break;
    if (m / p === x) return new Fixed(m, e);
  }
  return new Dec(x);
}

/** Plain decimals of up to 15 digits ("-60000.00") are read by hand; anything else by decimal.js. */
function fromString(s: string): Money {
  let i = 0;
  let negative = false;
  const first = s.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  let m = 0;
  let digits = 0;
  let e = -1;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (e >= 0) e++;
    } else if (c === 46 && e < 0) e = 0;
    else return DECIMAL_PATTERN.test(s) ? new Dec(s) : INVALID;
  }
  if (digits === 0 || e === 0 || digits > 15) return DECIMAL_PATTERN.test(s) ? new Dec(s) : INVALID;
  return new Fixed(negative ? -m + 0 : m, e < 0 ? 0 : e);
}

/** The money policy of toDecimal(), on the fast path where it can. */
export function toMoney(value: unknown): Money {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value === 'string') return fromString(value);
  if (value === null || value === undefined) return ZERO_FIXED;
  if (value instanceof Fixed || value instanceof Dec) return value as Money;
  return INVALID;
}

const asDec = (x: Money): Dec => (x instanceof Fixed ? x.toDecimal() : x);

/** Both operands at the scale of the finer one, or undefined when that overflows. */
function aligned(a: Fixed, b: Fixed): [number, number, number] | undefined {
  if (a.e === b.e) return [a.m, b.m, a.e];
  const e = Math.max(a.e, b.e);
  const ma = a.m * (POW10[e - a.e] as number);
  const mb = b.m * (POW10[e - b.e] as number);
  return Math.abs(ma) <= LIMIT && Math.abs(mb) <= LIMIT ? [ma, mb, e] : undefined;
}

export function add(a: Money, b: Money): Money {
  if (a instanceof Fixed && b instanceof Fixed) {
    const x = aligned(a, b);
    if (x) {
      const m = x[0] + x[1];
      if (Math.abs(m) <= LIMIT) return new Fixed(m + 0, x[2]);
    }
  }
  return asDec(a).plus(asDec(b));
}

export function negate(a: Money): Money {
  return a instanceof Fixed ? new Fixed(-a.m + 0, a.e) : a.negated();
}

export function multiply(a: Money, b: Money): Money {
  if (a instanceof Fixed && b instanceof Fixed && a.e + b.e <= 2 * MAX_SCALE) {
    const m = a.m * b.m;
    if (Math.abs(m) <= LIMIT) return new Fixed(m + 0, a.e + b.e);
  }
  return asDec(a).times(asDec(b));
}

export function divide(a: Money, b: Money): Money {
  const d = asDec(b);
  if (d.isZero() || d.isNaN()) return INVALID;
  const q = asDec(a).dividedBy(d);
  return q.isFinite() ? q : INVALID;
}

export function modulo(a: Money, b: Money): Money {
  const d = asDec(b);
  if (d.isZero() || d.isNaN()) return INVALID;
  return asDec(a).modulo(d);
}

export function compare(a: Money, b: Money): number {
  if (a instanceof Fixed && b instanceof Fixed) {
    const x = aligned(a, b);
    if (x) return Math.sign(x[0] - x[1]);
  }
  return asDec(a).comparedTo(asDec(b));
}

export const isValid = (x: Money): boolean => x instanceof Fixed || x.isFinite();

/** Round half away from zero / half to even / down / up: an integer m at scale e → scale `digits`. */
function roundFixed(x: Fixed, digits: number, mode: RoundingMode): Fixed {
  if (x.e <= digits) return x;
  const p = POW10[x.e - digits] as number;
  const r = x.m % p;
  let q = (x.m - r) / p;
  if (r !== 0) {
    const sign = x.m < 0 ? -1 : 1;
    const twice = Math.abs(r) * 2;
    const away =
      mode === 'up' ||
      (mode === 'half-up' && twice >= p) ||
      (mode === 'half-even' && (twice > p || (twice === p && Math.abs(q) % 2 === 1)));
    if (away) q += sign;
  }
  return new Fixed(q + 0, digits);
}

function writeFixed(x: Fixed, digits: number): string {
  const negative = x.m < 0;
  let text = String(Math.abs(x.m) * (POW10[digits - x.e] as number));
  if (digits > 0) {
    text = text.padStart(digits + 1, '0');
    text = `${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}`;
  }
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/** A money value as text: rounded to `digits` places (exactly that many), or as it is. */
export function formatMoney(x: Money, digits: number | undefined, mode: RoundingMode = 'half-up'): string | null {
  if (x instanceof Fixed) {
    if (digits === undefined) {
      let e = x.e;
      let m = x.m;
      while (e > 0 && m % 10 === 0) {
        m /= 10;
        e--;
      }
      return writeFixed(new Fixed(m, e), e);
    }
    const rounded = roundFixed(x, digits, mode);
    if (Math.abs(rounded.m) * (POW10[digits - rounded.e] as number) <= LIMIT) return writeFixed(rounded, digits);
    return formatMoney(rounded.toDecimal(), digits, mode);
  }
  if (!x.isFinite()) return null;
  if (digits === undefined) return x.toFixed();
  const text = x.toFixed(digits, ROUNDING_MODES[mode]);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

export { toDecimal };
