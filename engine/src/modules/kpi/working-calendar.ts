// The organization's working-day calendar as the KPI module sees it. One function, so that switching
// to the people module's stored calendars (`workingCalendarFor`) is a one-line change.
import type { EntityManager } from '@mikro-orm/sql';
import { BUILT_IN_CALENDARS, FIVE_DAY_WEEK, type WorkingCalendar } from '../../domain/calendar.ts';

export async function kpiWorkingCalendar(_em: EntityManager): Promise<WorkingCalendar> {
  // the five-day week plus every built-in production calendar (the RU 2026 one today)
  return {
    weekend: FIVE_DAY_WEEK.weekend,
    holidays: BUILT_IN_CALENDARS.flatMap((year) => year.holidays),
    workdays: BUILT_IN_CALENDARS.flatMap((year) => year.workdays),
  };
}
