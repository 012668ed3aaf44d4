// The organization's working-day calendar as the KPI module sees it: the years loaded through
// /api/calendar (the people module's `workingCalendarFor`), weekends alone for a year not loaded.
import type { EntityManager } from '@mikro-orm/sql';
import type { WorkingCalendar } from '../../domain/calendar.ts';
import type { Period } from '../../domain/period.ts';
import { workingCalendarFor } from '../organization/working-calendar.ts';

export function kpiWorkingCalendar(em: EntityManager, period: Period): Promise<WorkingCalendar> {
  return workingCalendarFor(em, period);
}
