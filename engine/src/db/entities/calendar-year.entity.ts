// One year of the organization's working-day calendar: public holidays and transferred working days.
// Weekend days are the organization's; a year with no row here is a plain week with those weekends.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { timestamps } from './base.ts';

export const CalendarYear = defineEntity({
  name: 'CalendarYear',
  tableName: 'calendar_year',
  properties: {
    year: p.integer().primary().autoincrement(false),
    /** ISO 3166 country of a built-in calendar it was loaded from; null when entered by hand */
    country: p.string().length(2).nullable(),
    /** where the days come from, e.g. the government decree */
    source: p.text().nullable(),
    /** `YYYY-MM-DD` days off that would otherwise be working days, sorted */
    holidays: p.json<string[]>(),
    /** `YYYY-MM-DD` working days that would otherwise be weekend days, sorted */
    workdays: p.json<string[]>(),
    ...timestamps(),
  },
});
export type CalendarYear = InferEntity<typeof CalendarYear>;
