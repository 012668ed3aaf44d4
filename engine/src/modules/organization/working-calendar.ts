// The organization's working-day calendar as the domain module reads it: its weekend days plus the
// holidays and transferred working days of every loaded year a period touches. A year that was never
// loaded counts as a plain week with the organization's weekend (a five-day week by default).
import type { EntityManager } from '@mikro-orm/sql';
import { CalendarYear } from '../../db/entities/calendar-year.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import { FIVE_DAY_WEEK, type WorkingCalendar } from '../../domain/calendar.ts';
import type { Period } from '../../domain/period.ts';

/** The calendar for a year (e.g. 2026) or for the years a period spans. */
export async function workingCalendarFor(em: EntityManager, yearOrPeriod: number | Period): Promise<WorkingCalendar> {
  const [first, last] =
    typeof yearOrPeriod === 'number'
      ? [yearOrPeriod, yearOrPeriod]
      : [Number(yearOrPeriod.start.slice(0, 4)), Number(yearOrPeriod.end.slice(0, 4))];
  const organization = await em.findOne(Organization, { id: 1 });
  const years = await em.find(CalendarYear, { year: { $gte: first, $lte: last } }, { orderBy: { year: 'asc' } });
  return {
    weekend: [...(organization?.weekend ?? FIVE_DAY_WEEK.weekend)],
    holidays: years.flatMap((y) => y.holidays),
    workdays: years.flatMap((y) => y.workdays),
  };
}
