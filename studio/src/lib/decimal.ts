// Exact sums of decimal strings of any precision ("2500000", "0.5", "-2500.25"), such as plan targets:
// each becomes an integer of its smallest unit (a bigint), so no figure passes through a float. Money
// in a currency is summed by money.ts, with the currency's digits.

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

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
