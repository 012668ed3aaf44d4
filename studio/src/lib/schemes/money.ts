// Decimal money strings ("12500.00") as whole minor units (bigint) and back, for totals and differences
// that must not drift the way floating-point sums do.
import { CURRENCY_MINOR_UNITS } from '@yardstick/rules';

export function minorDigits(currency: string): number {
  return CURRENCY_MINOR_UNITS[currency] ?? 2;
}

/** "12500.5" → 1250050n for RUB; digits beyond the currency's are cut (payouts are already rounded). */
export function toMinor(amount: string, currency: string): bigint {
  const digits = minorDigits(currency);
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const minor =
    BigInt(whole || '0') * 10n ** BigInt(digits) + BigInt((fraction + '0'.repeat(digits)).slice(0, digits) || '0');
  return negative ? -minor : minor;
}

export function fromMinor(minor: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
