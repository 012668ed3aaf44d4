// Periods as the API writes them (`2026-10`, `2026-Q4`, `2026-H2`, `2026`, or a custom
// `2026-10-01..2026-10-15`), their calendar days, and their instants in the organization's time zone.

export type PeriodKind = 'month' | 'quarter' | 'half-year' | 'year' | 'custom';

export interface Period {
  kind: PeriodKind;
  key: string;
  /** first calendar day, `YYYY-MM-DD` */
  start: string;
  /** last calendar day, inclusive */
  end: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const isoDate = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function span(kind: PeriodKind, key: string, year: number, firstMonth: number, months: number): Period {
  const lastMonth = firstMonth + months - 1;
  return { kind, key, start: isoDate(year, firstMonth, 1), end: isoDate(year, lastMonth, lastDayOf(year, lastMonth)) };
}

export class PeriodError extends Error {
  readonly code = 'period.invalid';
}

/** Parses a period key; throws PeriodError with a message that shows the accepted forms. */
export function parsePeriod(key: string): Period {
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (m) return span('month', key, Number(m[1]), Number(m[2]), 1);
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return span('quarter', key, Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 3);
  m = /^(\d{4})-H([12])$/.exec(key);
  if (m) return span('half-year', key, Number(m[1]), Number(m[2]) === 1 ? 1 : 7, 6);
  m = /^(\d{4})$/.exec(key);
  if (m) return span('year', key, Number(m[1]), 1, 12);
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(key);
  if (m && isValidDate(m[1] as string) && isValidDate(m[2] as string) && (m[1] as string) <= (m[2] as string)) {
    return { kind: 'custom', key, start: m[1] as string, end: m[2] as string };
  }
  throw new PeriodError(
    `"${key}" is not a period: write 2026-10 (month), 2026-Q4, 2026-H2, 2026 or 2026-10-01..2026-10-15`,
  );
}

export function isValidDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= lastDayOf(y, mo);
}

/** The period of a kind that contains a calendar day. */
export function periodContaining(kind: Exclude<PeriodKind, 'custom'>, date: string): Period {
  const [year, month] = date.split('-').map(Number) as [number, number];
  switch (kind) {
    case 'month':
      return parsePeriod(`${pad(year, 4)}-${pad(month)}`);
    case 'quarter':
      return parsePeriod(`${pad(year, 4)}-Q${Math.ceil(month / 3)}`);
    case 'half-year':
      return parsePeriod(`${pad(year, 4)}-H${month <= 6 ? 1 : 2}`);
    case 'year':
      return parsePeriod(pad(year, 4));
  }
}

/** Adds days to a calendar day. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    ms: Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    ),
  };
}

/** The calendar day an instant falls on in a time zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  return wallClock(instant, timeZone).date;
}

/** The instant a calendar day begins in a time zone (DST-safe). */
export function startOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let instant = guess - (wallClock(new Date(guess), timeZone).ms - guess);
  // one correction step covers a DST change between the guess and the answer
  instant = guess - (wallClock(new Date(instant), timeZone).ms - instant);
  return new Date(instant);
}

/** The half-open instant range [from, to) a period covers in a time zone. */
export function periodRange(period: Period, timeZone: string): { from: Date; to: Date } {
  return { from: startOfDay(period.start, timeZone), to: startOfDay(addDays(period.end, 1), timeZone) };
}
