// Money as integers of minor units (kopecks, cents) and decimal strings: never binary floats.

const digitsOf = new Map<string, number>();

/** Digits after the decimal point of a currency (RUB 2, JPY 0, BHD 3), from ICU (asked once per currency). */
export function minorDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    // only codes ICU accepted (it throws on others) are kept, so the map stays as small as the currency list
    digitsOf.set(currency, digits);
  }
  return digits;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Converts a decimal amount ("250000", "1234.5", 99.99) to minor units as a bigint string.
 * Throws a RangeError when the amount has more fractional digits than the currency allows.
 */
export function toMinor(amount: string | number, currency: string): string {
  const text = typeof amount === 'number' ? numberToPlainString(amount) : amount.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  const digits = minorDigits(currency);
  if (fraction.replace(/0+$/, '').length > digits) {
    throw new RangeError(`${text} has more than ${digits} decimal places for ${currency}`);
  }
  const minor = BigInt(whole + fraction.padEnd(digits, '0').slice(0, digits));
  return (sign === '-' ? -minor : minor).toString();
}

/** Minor units back to a decimal string with the currency's digits: ("25000000", "RUB") → "250000.00". */
export function fromMinor(minor: string | bigint, currency: string): string {
  const digits = minorDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits);
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite amount`);
  // Shortest round-trip representation; JSON numbers like 99.99 read back as "99.99", not 99.98999…
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}
