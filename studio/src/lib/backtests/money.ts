// Sums and comparisons of the decimal strings the engine sends, done on integer minor units (never floats), and
// the sign of a difference that the screens show in words and colour.
import { fromMinor, toMinor } from '@yardstick/engine/money';

/** The exact sum of decimal amounts in one currency, as a decimal string with the currency's digits. */
export function sumMoney(amounts: readonly (string | null | undefined)[], currency: string): string {
  let total = 0n;
  for (const amount of amounts) if (amount != null) total += BigInt(toMinor(amount, currency));
  return fromMinor(total, currency);
}

/** a − b, exactly. */
export function subtractMoney(a: string, b: string, currency: string): string {
  return fromMinor(BigInt(toMinor(a, currency)) - BigInt(toMinor(b, currency)), currency);
}

/** Orders two decimal amounts of one currency: negative, zero or positive like a comparator. */
export function compareMoney(a: string, b: string, currency: string): number {
  const difference = BigInt(toMinor(a, currency)) - BigInt(toMinor(b, currency));
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

export type Direction = 'up' | 'down' | 'none';

/** Whether a difference raises the cost, lowers it or leaves it. */
export function directionOf(difference: string | null): Direction {
  if (difference == null) return 'none';
  if (/^-/.test(difference) && /[1-9]/.test(difference)) return 'down';
  return /[1-9]/.test(difference) ? 'up' : 'none';
}
