// Exact sums of decimal strings ("63000.00", "-2500.5"): each becomes an integer of its smallest unit
// (a bigint), so no amount ever passes through a float.

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

interface Scaled {
  units: bigint;
  scale: number;
}

function parse(amount: string): Scaled {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new Error(`Not a decimal amount: "${amount}"`);
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(`${whole}${fraction}`);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

const rescale = (value: Scaled, scale: number): bigint => value.units * 10n ** BigInt(scale - value.scale);

/** The sum of decimal strings, written with as many fraction digits as the most precise of them. */
export function sumDecimals(amounts: readonly string[]): string {
  const values = amounts.map(parse);
  const scale = Math.max(0, ...values.map((v) => v.scale));
  const total = values.reduce((sum, value) => sum + rescale(value, scale), 0n);
  return format(total, scale);
}

/** Whether `amount` is a decimal string of at least zero with at most `maxFractionDigits` after the point. */
export function isNonNegativeDecimal(amount: string, maxFractionDigits: number): boolean {
  const match = DECIMAL.exec(amount.trim());
  return match !== null && match[1] !== '-' && (match[3]?.length ?? 0) <= maxFractionDigits;
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
