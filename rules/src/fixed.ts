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

// The fast readers leave what they read here, m × 10^-e, so that reading allocates nothing.
let readM = 0;
let readE = 0;

/** A finite number by its shortest decimal form, while that has ≤ 15 digits; false beyond. */
function readNumber(x: number): boolean {
  if (Number.isInteger(x)) {
    if (Math.abs(x) > LIMIT) return false;
    readM = x === 0 ? 0 : x;
    readE = 0;
    return true;
  }
  // The fewest decimals that give back x.
  for (let e = 1; e <= MAX_SCALE; e++) {
    const p = POW10[e] as number;
    const m = Math.round(x * p);
    if (Math.abs(m) >= 1e15) return false;
    if (m / p === x) {
      readM = m;
      readE = e;
      return true;
    }
  }
  return false;
}

/** A plain decimal of up to 15 digits ("-60000.00"), read by hand; false for anything else. */
function readText(s: string): boolean {
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
    else return false;
  }
  if (digits === 0 || e === 0 || digits > 15) return false;
  readM = negative ? -m + 0 : m;
  readE = e < 0 ? 0 : e;
  return true;
}

function fromNumber(x: number): Money {
  if (!Number.isFinite(x)) return INVALID;
  return readNumber(x) ? new Fixed(readM, readE) : new Dec(x);
}

/** Plain decimals of up to 15 digits are read by hand; anything else by decimal.js. */
function fromString(s: string): Money {
  if (readText(s)) return new Fixed(readM, readE);
  return DECIMAL_PATTERN.test(s) ? new Dec(s) : INVALID;
}

/** The money policy of toDecimal(), on the fast path where it can. */
export function toMoney(value: unknown): Money {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value === 'string') return fromString(value);
  if (value === null || value === undefined) return ZERO_FIXED;
  if (value instanceof Fixed || value instanceof Dec) return value as Money;
  return INVALID;
}

/** toMoney() on the fast path only, into readM/readE; false when the value needs decimal.js (or is invalid). */
function readFast(value: unknown): boolean {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return false;
    if (!Number.isInteger(value)) {
      // A coefficient of up to six decimals is read at scale 6, without searching for its shortest
      // form: it is the same decimal (two decimals of ≤ 15 digits that round to one double are
      // equal), and the product's text does not depend on the scale it is held at.
      const m = Math.round(value * 1e6);
      if (Math.abs(m) < 1e15 && m / 1e6 === value) {
        readM = m + 0;
        readE = 6;
        return true;
      }
    }
    return readNumber(value);
  }
  if (typeof value === 'string') return readText(value);
  if (value === null || value === undefined) {
    readM = 0;
    readE = 0;
    return true;
  }
  if (value instanceof Fixed) {
    readM = value.m;
    readE = value.e;
    return true;
  }
  return false;
}

/**
 * formatMoney(multiply(toMoney(a), toMoney(b)), digits, mode) — the payout `money(amount × coefficient)`
 * — with nothing allocated but the text when both operands and the product are on the fast path.
 */
export function formatProduct(a: unknown, b: unknown, digits: number, mode: RoundingMode): string | null {
  if (readFast(a)) {
    const ma = readM;
    const ea = readE;
    if (readFast(b)) {
      const m = ma * readM;
      const e = ea + readE;
      if (e <= 2 * MAX_SCALE && Math.abs(m) <= LIMIT) return formatScaled(m + 0, e, digits, mode);
    }
  }
  return formatMoney(multiply(toMoney(a), toMoney(b)), digits, mode);
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

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** `m` (an integer at some scale) divided by `p` (a power of 10), rounded to an integer by `mode`. */
function roundScaled(m: number, p: number, mode: RoundingMode): number {
  // On |m|, by division rather than `%` (a call into C for numbers past 2^31); q × p ≤ |m| is exact.
  const a = Math.abs(m);
  let q = Math.floor(a / p);
  let r = a - q * p;
  if (r < 0) {
    q -= 1;
    r += p;
  }
  if (r !== 0) {
    const twice = r * 2;
    const away =
      mode === 'up' ||
      (mode === 'half-up' && twice >= p) ||
      (mode === 'half-even' && (twice > p || (twice === p && q % 2 === 1)));
    if (away) q += 1;
  }
  return m < 0 ? 0 - q : q;
}

/**
 * The text of `m × 10^-digits` where `scaled` = |m| (a safe integer): "-1234.50". The sign is
 * written only when m < 0, which means |m| ≥ 1, so "-0.00" never appears.
 */
function writeScaled(negative: boolean, scaled: number, digits: number): string {
  const sign = negative ? '-' : '';
  if (digits === 0) return `${sign}${integerText(scaled)}`;
  if (digits === 2) {
    // Kopecks and cents: the usual case, with the two digits from a table.
    let whole = Math.floor(scaled / 100);
    let cents = scaled - whole * 100;
    if (cents < 0) {
      whole -= 1;
      cents += 100;
    }
    return `${sign}${integerText(whole)}.${TWO_DIGITS[cents | 0]}`;
  }
  const p = POW10[digits] as number;
  const fraction = scaled % p;
  let text = integerText(fraction);
  while (text.length < digits) text = `0${text}`;
  return `${sign}${integerText((scaled - fraction) / p)}.${text}`;
}

/** A non-negative safe integer as text; below 2^31 as an int32, which V8 converts without a runtime call. */
const integerText = (n: number): string => (n <= 0x7fffffff ? `${n | 0}` : `${n}`);

/** m × 10^-e (m a safe integer) rounded to `digits` places and written with exactly that many. */
function formatScaled(m: number, e: number, digits: number, mode: RoundingMode): string | null {
  let q = m;
  let at = e;
  if (at > digits) {
    q = roundScaled(q, POW10[at - digits] as number, mode);
    at = digits;
  }
  const scaled = Math.abs(q) * (POW10[digits - at] as number);
  if (scaled <= LIMIT) return writeScaled(q < 0, scaled, digits);
  return formatMoney(new Fixed(q, at).toDecimal(), digits, mode);
}

/** A money value as text: rounded to `digits` places (exactly that many), or as it is. */
export function formatMoney(x: Money, digits: number | undefined, mode: RoundingMode = 'half-up'): string | null {
  if (x instanceof Fixed) {
    let m = x.m;
    let e = x.e;
    if (digits === undefined) {
      while (e > 0 && m % 10 === 0) {
        m /= 10;
        e--;
      }
      return writeScaled(m < 0, Math.abs(m), e);
    }
    return formatScaled(m, e, digits, mode);
  }
  if (!x.isFinite()) return null;
  if (digits === undefined) return x.toFixed();
  const text = x.toFixed(digits, ROUNDING_MODES[mode]);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

export { toDecimal };
