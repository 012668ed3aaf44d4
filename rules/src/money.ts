// Exact money arithmetic on decimal.js: amounts come in as decimal strings or numbers (a number is
// read by its shortest decimal form, so 0.1 is exactly 0.1) and go out as decimal strings.
// Precision: 34 significant digits (as IEEE 754 decimal128), so + − × of amounts with up to 17
// significant digits each are exact; a quotient is rounded to 34 significant digits.
import { Decimal } from 'decimal.js';
import { DECIMAL_PATTERN } from './ast.ts';

export const Dec = Decimal.clone({
  precision: 34,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Dec = InstanceType<typeof Dec>;

export const INVALID: Dec = new Dec(Number.NaN);
export const ZERO: Dec = new Dec(0);

/**
 * A value as a decimal, by the money policy: numbers (finite) and decimal strings are read exactly;
 * null (a missing value) counts as 0; anything else (a word, true/false, a list, NaN, ±Infinity) is
 * not a number and makes the result null.
 */
export function toDecimal(value: unknown): Dec {
  if (value instanceof Dec) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? new Dec(value) : INVALID;
  if (value === null || value === undefined) return ZERO;
  if (typeof value === 'string' && DECIMAL_PATTERN.test(value)) return new Dec(value);
  return INVALID;
}

export const ROUNDING_MODES = {
  /** half away from zero: 2.345 → 2.35, −2.345 → −2.35 (the default) */
  'half-up': Decimal.ROUND_HALF_UP,
  /** half to even, banker's rounding: 2.345 → 2.34, 2.355 → 2.36 */
  'half-even': Decimal.ROUND_HALF_EVEN,
  /** towards zero (truncation): 2.349 → 2.34 */
  down: Decimal.ROUND_DOWN,
  /** away from zero: 2.341 → 2.35 */
  up: Decimal.ROUND_UP,
} as const;
export type RoundingMode = keyof typeof ROUNDING_MODES;

/** ISO 4217 minor units of the currencies Yardstick's users pay in; unknown codes are refused. */
export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = {
  RUB: 2,
  BYN: 2,
  KZT: 2,
  UZS: 2,
  KGS: 2,
  AMD: 2,
  AZN: 2,
  GEL: 2,
  MDL: 2,
  TJS: 2,
  TMT: 2,
  UAH: 2,
  USD: 2,
  EUR: 2,
  GBP: 2,
  CHF: 2,
  CNY: 2,
  TRY: 2,
  AED: 2,
  INR: 2,
  PLN: 2,
  CZK: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  CAD: 2,
  AUD: 2,
  ILS: 2,
  JPY: 0,
  KRW: 0,
  VND: 0,
  CLP: 0,
  ISK: 0,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

export const MAX_DIGITS = 8;

/** Digits after the point for a currency code or a digit count; undefined when it is neither. */
export function minorUnits(value: unknown): number | undefined {
  if (typeof value === 'string') return CURRENCY_MINOR_UNITS[value];
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_DIGITS) return value;
  return undefined;
}

export const isRoundingMode = (value: unknown): value is RoundingMode =>
  typeof value === 'string' && Object.hasOwn(ROUNDING_MODES, value);
