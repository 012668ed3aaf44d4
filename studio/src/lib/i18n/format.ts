// Locale-aware formatting of the values the API sends as strings: ISO timestamps, decimal money
// amounts, period codes. Pure functions of (locale, value); Intl does the work, cached per locale.
import type { Locale } from './messages.ts';
import { translate } from './translate.ts';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, create: () => T): T {
  let format = cache.get(key);
  if (!format) {
    format = create();
    cache.set(key, format);
  }
  return format as T;
}

/** Money arrives as a decimal string; Intl formats the string exactly, with no float rounding. */
export function formatMoney(locale: Locale, amount: string, currency: string | null): string {
  const value = amount as Intl.StringNumericLiteral;
  if (currency) {
    try {
      return cached(
        `money:${locale}:${currency}`,
        () => new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }),
      ).format(value);
    } catch {
      // Not an ISO 4217 code Intl knows: show the number and the code as they are.
    }
  }
  const number = cached(`decimal:${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }));
  const formatted = number.format(value);
  return currency ? `${formatted} ${currency}` : formatted;
}

/** A decimal string as a number in the locale, keeping exactly the fraction digits it was written with. */
export function formatDecimal(locale: Locale, amount: string): string {
  const digits = Math.min(20, /\.(\d+)$/.exec(amount)?.[1]?.length ?? 0);
  return cached(
    `decimal:${locale}:${digits}`,
    () => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: 20 }),
  ).format(amount as Intl.StringNumericLiteral);
}

function toDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(locale: Locale, iso: string): string {
  const date = toDate(iso);
  if (!date) return iso;
  return cached(
    `datetime:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(date);
}

export function formatTime(locale: Locale, iso: string): string {
  const date = toDate(iso);
  if (!date) return iso;
  return cached(`time:${locale}`, () => new Intl.DateTimeFormat(locale, { timeStyle: 'medium' })).format(date);
}

/** `2026-10` → October 2026; `2026-Q4`, `2026-H2`, `2026` likewise; anything else is shown as is. */
export function formatPeriod(locale: Locale, period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    const [, year, mm] = month;
    const index = Number(mm) - 1;
    if (index < 0 || index > 11) return period;
    // Noon UTC on the 1st, formatted in UTC: no time zone can move it into another month.
    const date = new Date(Date.UTC(Number(year), index, 1, 12));
    return cached(
      `month:${locale}`,
      () => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
    ).format(date);
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter)
    return translate(locale, 'period.quarter', { year: quarter[1] as string, quarter: quarter[2] as string });
  const half = /^(\d{4})-H([12])$/.exec(period);
  if (half) return translate(locale, 'period.half', { year: half[1] as string, half: half[2] as string });
  return period;
}
