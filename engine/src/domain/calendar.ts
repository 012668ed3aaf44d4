// Working days: weekends, public holidays and transferred working days (e.g. the Russian production
// calendar moves days off). A calendar is plain data so it can be loaded through the API.

import ru2026 from './calendars/ru-2026.json' with { type: 'json' };
import { addDays, type Period } from './period.ts';

export interface WorkingCalendar {
  /** ISO weekday numbers that are days off: 1 = Monday … 7 = Sunday */
  weekend: number[];
  /** days off that would otherwise be working days */
  holidays: string[];
  /** working days that would otherwise be weekend days */
  workdays: string[];
}

export interface CalendarYear {
  country: string;
  year: number;
  source: string;
  holidays: string[];
  workdays: string[];
  /** the number of working days the official calendar states, checked on load */
  workingDays: number;
}

export const BUILT_IN_CALENDARS: readonly CalendarYear[] = [ru2026 as CalendarYear];

export const FIVE_DAY_WEEK: WorkingCalendar = { weekend: [6, 7], holidays: [], workdays: [] };

function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function createCalendarLookup(calendar: WorkingCalendar) {
  const holidays = new Set(calendar.holidays);
  const workdays = new Set(calendar.workdays);
  const weekend = new Set(calendar.weekend);
  const isWorkingDay = (date: string) => workdays.has(date) || (!holidays.has(date) && !weekend.has(isoWeekday(date)));

  /** Working days from `from` to `to`, both inclusive; 0 when `to` is before `from`. */
  const countWorkingDays = (from: string, to: string): number => {
    let count = 0;
    for (let day = from; day <= to; day = addDays(day, 1)) if (isWorkingDay(day)) count += 1;
    return count;
  };

  return {
    isWorkingDay,
    countWorkingDays,
    /** How far through a period a day is, by working days: elapsed includes `asOf` itself. */
    progressOf(period: Period, asOf: string) {
      const total = countWorkingDays(period.start, period.end);
      const until = asOf < period.start ? addDays(period.start, -1) : asOf > period.end ? period.end : asOf;
      const elapsed = countWorkingDays(period.start, until);
      return { total, elapsed, left: total - elapsed, elapsedShare: total === 0 ? 1 : elapsed / total };
    },
  };
}

/** Checks a loaded calendar year against its own stated number of working days. */
export function checkCalendarYear(year: CalendarYear): string | null {
  const lookup = createCalendarLookup({ weekend: [6, 7], holidays: year.holidays, workdays: year.workdays });
  const counted = lookup.countWorkingDays(`${year.year}-01-01`, `${year.year}-12-31`);
  return counted === year.workingDays
    ? null
    : `${year.country} ${year.year}: the days listed give ${counted} working days, the calendar states ${year.workingDays}`;
}
