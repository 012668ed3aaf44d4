// Periods the progress screens move between: the current month, the months before it, and reading
// a period from the URL.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const PERIOD = /^(\d{4})(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$/;

/** The month holding `now` in `timeZone` (the organization's), as `2026-10`. */
export function monthOf(now: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const year = parts.find((p) => p.type === 'year')?.value ?? String(now.getUTCFullYear());
  const month = parts.find((p) => p.type === 'month')?.value ?? '01';
  return `${year}-${month}`;
}

/** `count` months ending with `month`, oldest first. */
export function monthsUpTo(month: string, count: number): string[] {
  const match = MONTH.exec(month);
  if (!match) return [month];
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  const result: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const m = year * 12 + index - back;
    result.push(`${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
  }
  return result;
}

/** A period key from the URL when it is one the engine reads (month, quarter, half, year), else the fallback. */
export function periodParam(value: string | null, fallback: string): string {
  return value && PERIOD.test(value) ? value : fallback;
}
