// Money in the studio: the engine's decimal strings, added, subtracted and compared as integers of
// the currency's minor units (bigint), never as floats. The conversions are the engine's own
// (`@yardstick/engine/money`), so the studio rounds and refuses exactly as the engine does.
import { fromMinor, minorDigits, toMinor } from '@yardstick/engine/money';

export { fromMinor, minorDigits };

/** "12500.5" in RUB → 1250050n. Throws on more fraction digits than the currency has. */
export function minorUnits(amount: string, currency: string): bigint {
  return BigInt(toMinor(amount, currency));
}

/** The exact sum of decimal amounts in one currency, with the currency's digits; missing amounts count nothing. */
export function sumMoney(amounts: readonly (string | null | undefined)[], currency: string): string {
  let total = 0n;
  for (const amount of amounts) if (amount != null) total += minorUnits(amount, currency);
  return fromMinor(total, currency);
}

/** a − b, exactly. */
export function subtractMoney(a: string, b: string, currency: string): string {
  return fromMinor(minorUnits(a, currency) - minorUnits(b, currency), currency);
}

/** Orders two amounts of one currency: negative, zero or positive like a comparator. */
export function compareMoney(a: string, b: string, currency: string): number {
  const difference = minorUnits(a, currency) - minorUnits(b, currency);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

export type Direction = 'up' | 'down' | 'none';

/** Whether a difference raises the cost, lowers it or leaves it. */
export function directionOf(difference: string | null): Direction {
  if (difference == null || !/[1-9]/.test(difference)) return 'none';
  return difference.startsWith('-') ? 'down' : 'up';
}

const DECIMAL = /^\+?(\d+)(?:\.(\d+))?$/;

/** Whether `amount` is a decimal string of at least zero with at most `maxFractionDigits` after the point. */
export function isNonNegativeDecimal(amount: string, maxFractionDigits: number): boolean {
  const match = DECIMAL.exec(amount.trim());
  return match !== null && (match[2]?.length ?? 0) <= maxFractionDigits;
}
