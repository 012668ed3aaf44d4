// Period keys of a period kind around a day, for the preview's period picker: `2026-10`, `2026-Q4`,
// `2026-H2`, `2026`.
import type { PeriodKind } from './definition.ts';

/** The key of the period of `kind` containing `day` (YYYY-MM-DD). */
export function periodKeyOf(kind: PeriodKind, day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  switch (kind) {
    case 'month':
      return day.slice(0, 7);
    case 'quarter':
      return `${year}-Q${Math.ceil(month / 3)}`;
    case 'half-year':
      return `${year}-H${month <= 6 ? 1 : 2}`;
    case 'year':
      return String(year);
  }
}

/** The period containing `day` and the `count − 1` before it, newest first. */
export function recentPeriods(kind: PeriodKind, day: string, count: number): string[] {
  const months = { month: 1, quarter: 3, 'half-year': 6, year: 12 }[kind];
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const index = year * 12 + (month - 1) - i * months;
    const y = Math.floor(index / 12);
    const m = (index % 12) + 1;
    keys.push(periodKeyOf(kind, `${y}-${String(m).padStart(2, '0')}-01`));
  }
  return keys;
}

/** The first day of the month containing `day`: where a new version takes effect by default. */
export function firstOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** Today in the browser's time zone, YYYY-MM-DD. */
export function today(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
