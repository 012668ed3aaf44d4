// Plan periods: a month (2026-10), a quarter (2026-Q4), a half (2026-H2) or a year (2026).

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

const PATTERNS: [PeriodKind, RegExp][] = [
  ['month', /^(\d{4})-(0[1-9]|1[0-2])$/],
  ['quarter', /^(\d{4})-Q([1-4])$/],
  ['half', /^(\d{4})-H([12])$/],
  ['year', /^(\d{4})$/],
];

export function periodKind(period: string): PeriodKind | null {
  return PATTERNS.find(([, pattern]) => pattern.test(period))?.[0] ?? null;
}

export function isPeriod(period: string): boolean {
  return periodKind(period) !== null;
}

/** The period of the same kind that comes `by` steps later (negative: earlier). */
export function shiftPeriod(period: string, by: number): string {
  const kind = periodKind(period);
  if (!kind) throw new Error(`not a period: ${period}`);
  const year = Number(period.slice(0, 4));
  if (kind === 'year') return String(year + by);
  const size = { month: 12, quarter: 4, half: 2 }[kind];
  const index = Number(period.slice(kind === 'month' ? 5 : 6)) - 1 + by;
  const nextYear = year + Math.floor(index / size);
  const part = (((index % size) + size) % size) + 1;
  if (kind === 'month') return `${nextYear}-${String(part).padStart(2, '0')}`;
  return `${nextYear}-${kind === 'quarter' ? 'Q' : 'H'}${part}`;
}

export const previousPeriod = (period: string): string => shiftPeriod(period, -1);

/** The current month of a date, as a period key, in the given time zone. */
export function monthOf(date: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(date);
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  return `${year}-${month}`;
}

/** The first and last day of a period, as YYYY-MM-DD. */
export function periodDays(period: string): { first: string; last: string } {
  const kind = periodKind(period);
  if (!kind) throw new Error(`not a period: ${period}`);
  const year = Number(period.slice(0, 4));
  const months = { month: 1, quarter: 3, half: 6, year: 12 }[kind];
  const index = kind === 'year' ? 0 : Number(period.slice(kind === 'month' ? 5 : 6)) - 1;
  const firstMonth = index * months;
  const lastDay = new Date(Date.UTC(year, firstMonth + months, 0)).getUTCDate();
  const month = (m: number) => String(m + 1).padStart(2, '0');
  return {
    first: `${year}-${month(firstMonth)}-01`,
    last: `${year}-${month(firstMonth + months - 1)}-${String(lastDay).padStart(2, '0')}`,
  };
}

/** Whether someone hired on `hiredOn` and leaving on `leftOn` (either may be unknown) works during the period. */
export function employedDuring(period: string, hiredOn: string | null, leftOn: string | null): boolean {
  const { first, last } = periodDays(period);
  return (hiredOn === null || hiredOn <= last) && (leftOn === null || leftOn >= first);
}
