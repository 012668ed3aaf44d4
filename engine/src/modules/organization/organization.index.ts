// Organization settings and the working-day calendar. Every change is audited in its own transaction.
import type { EntityManager } from '@mikro-orm/sql';
import { CalendarYear } from '../../db/entities/calendar-year.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import { BUILT_IN_CALENDARS, checkCalendarYear, createCalendarLookup } from '../../domain/calendar.ts';
import type { AppRouter, Principal } from '../../http/app-env.ts';
import { principalOf } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { ValidationDetail } from '../../lib/validation.ts';
import { recordAudit, recordAuditOfChange } from '../audit/audit.service.ts';
import * as routes from './organization.routes.ts';
import { workingCalendarFor } from './working-calendar.ts';

export const organizationDto = (o: Organization) => ({
  name: o.name,
  currency: o.currency,
  timeZone: o.timeZone,
  locale: o.locale,
  weekend: [...o.weekend].sort(),
  updatedAt: o.updatedAt.toISOString(),
});

async function loadOrganization(em: EntityManager): Promise<Organization> {
  const organization = await em.findOne(Organization, { id: 1 });
  if (!organization) throw notFound('Organization');
  return organization;
}

async function calendarDto(em: EntityManager, year: number) {
  const row = await em.findOne(CalendarYear, { year });
  const calendar = await workingCalendarFor(em, year);
  return {
    year,
    loaded: row !== null,
    country: row?.country ?? null,
    source: row?.source ?? null,
    weekend: [...calendar.weekend].sort(),
    holidays: calendar.holidays,
    workdays: calendar.workdays,
    workingDays: createCalendarLookup(calendar).countWorkingDays(`${year}-01-01`, `${year}-12-31`),
    builtIn: BUILT_IN_CALENDARS.filter((c) => c.year === year).map((c) => c.country),
  };
}

type CalendarInput = {
  holidays: string[];
  workdays: string[];
  country?: string | null;
  source?: string | null;
  workingDays?: number;
};

/** Checks a year's days against the year and the weekend; returns every problem with its path. */
function calendarProblems(year: number, weekend: number[], input: CalendarInput): ValidationDetail[] {
  const problems: ValidationDetail[] = [];
  const lookup = createCalendarLookup({ weekend, holidays: [], workdays: [] });
  const seen = new Set<string>();
  for (const [list, days] of [
    ['holidays', input.holidays],
    ['workdays', input.workdays],
  ] as const) {
    days.forEach((day, i) => {
      const path = `/${list}/${i}`;
      if (!day.startsWith(`${year}-`)) problems.push({ path, message: `${day} is not in ${year}` });
      else if (seen.has(day)) problems.push({ path, message: `${day} is listed twice` });
      else if (list === 'workdays' && lookup.isWorkingDay(day))
        problems.push({ path, message: `${day} is already a working day; list only weekend days worked` });
      seen.add(day);
    });
  }
  if (problems.length === 0 && input.workingDays !== undefined) {
    const counted = createCalendarLookup({
      weekend,
      holidays: input.holidays,
      workdays: input.workdays,
    }).countWorkingDays(`${year}-01-01`, `${year}-12-31`);
    if (counted !== input.workingDays) {
      problems.push({
        path: '/workingDays',
        message: `The days listed give ${counted} working days, not ${input.workingDays}`,
      });
    }
  }
  return problems;
}

export function organizationRouter(): AppRouter {
  const router = createRouter();

  router.openapi(routes.getOrganization, async (c) =>
    c.json(organizationDto(await loadOrganization(c.get('em'))), 200),
  );

  router.openapi(routes.patchOrganization, async (c) => {
    const principal = principalOf(c);
    const patch = c.req.valid('json');
    const result = await c.get('em').transactional(async (em) => {
      const organization = await loadOrganization(em);
      const before = organizationDto(organization);
      em.assign(organization, patch);
      await em.flush();
      const after = organizationDto(organization);
      recordAuditOfChange(em, principal, 'organization.update', 'organization', '1', before, after);
      return { before, after };
    });
    // schedules run in the organization's time zone
    if (result.before.timeZone !== result.after.timeZone) c.get('deps').schedules.kick();
    return c.json(result.after, 200);
  });

  router.openapi(routes.getCalendar, async (c) =>
    c.json(await calendarDto(c.get('em'), c.req.valid('query').year), 200),
  );

  const storeYear = async (
    em: EntityManager,
    principal: Principal,
    year: number,
    input: CalendarInput,
    action: string,
  ) =>
    em.transactional(async (em) => {
      const organization = await loadOrganization(em);
      const problems = calendarProblems(year, organization.weekend, input);
      if (problems.length > 0) {
        throw new AppError(
          422,
          'calendar.invalid',
          `Invalid calendar for ${year}: ${problems[0]?.path} ${problems[0]?.message}`,
          problems,
        );
      }
      const existing = await em.findOne(CalendarYear, { year });
      const before = existing ? await calendarDto(em, year) : null;
      const values = {
        country: input.country ?? null,
        source: input.source ?? null,
        holidays: [...input.holidays].sort(),
        workdays: [...input.workdays].sort(),
      };
      if (existing) em.assign(existing, values);
      else em.create(CalendarYear, { year, ...values });
      await em.flush();
      const after = await calendarDto(em, year);
      recordAudit(em, principal, action, 'calendar_year', String(year), before, after);
      return after;
    });

  router.openapi(routes.putCalendar, async (c) => {
    const { year } = c.req.valid('param');
    return c.json(await storeYear(c.get('em'), principalOf(c), year, c.req.valid('json'), 'calendar.load'), 200);
  });

  router.openapi(routes.loadBuiltInCalendar, async (c) => {
    const { year } = c.req.valid('param');
    const { country } = c.req.valid('query');
    const builtIn = BUILT_IN_CALENDARS.find((cal) => cal.year === year && cal.country === country);
    if (!builtIn) {
      const known = BUILT_IN_CALENDARS.map((cal) => `${cal.country} ${cal.year}`).join(', ');
      throw new AppError(
        404,
        'calendar.builtin_not_found',
        `No built-in calendar for ${country} ${year} (built in: ${known})`,
      );
    }
    const problem = checkCalendarYear(builtIn);
    if (problem) throw new AppError(500, 'calendar.builtin_inconsistent', problem);
    const body = await storeYear(
      c.get('em'),
      principalOf(c),
      year,
      { holidays: builtIn.holidays, workdays: builtIn.workdays, country: builtIn.country, source: builtIn.source },
      'calendar.load_builtin',
    );
    return c.json(body, 200);
  });

  router.openapi(routes.deleteCalendar, async (c) => {
    const principal = principalOf(c);
    const { year } = c.req.valid('param');
    await c.get('em').transactional(async (em) => {
      const row = await em.findOne(CalendarYear, { year });
      if (!row) throw notFound(`Calendar ${year}`);
      const before = await calendarDto(em, year);
      em.remove(row);
      recordAudit(em, principal, 'calendar.unload', 'calendar_year', String(year), before, null);
      await em.flush();
    });
    return c.body(null, 204);
  });

  return router;
}
