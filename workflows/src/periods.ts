// Calendar periods in the organization's time zone. A month key reads `2026-10`.
import type { RulePeriod } from './shared/index.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function localDate(instant: Date, timeZone: string): { year: number; month: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month) };
}

/** The month containing `instant` in `timeZone`, with its first and last calendar day. */
export function monthPeriodOf(instant: Date, timeZone: string): RulePeriod {
  const { year, month } = localDate(instant, timeZone);
  const mm = String(month).padStart(2, '0');
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { key: `${year}-${mm}`, start: `${year}-${mm}-01`, end: `${year}-${mm}-${String(lastDay).padStart(2, '0')}` };
}
