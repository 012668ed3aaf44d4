// Organization settings (currency, time zone, locale, weekend days) and the working-day calendar.
import { createRoute, z } from '@hono/zod-openapi';
import { isValidDate } from '../../domain/period.ts';
import { requirePermission } from '../../http/auth.middleware.ts';
import { errorResponses, notFoundResponse, security } from '../../http/openapi-common.ts';
import { isCurrencyCode, isLocale, isTimeZone } from '../../lib/intl-codes.ts';

const Weekday = z.number().int().min(1).max(7);
// everyone signed in reads the settings and the calendar (people.read); only an admin changes them
const read = requirePermission('people.read');
const write = requirePermission('organization.write');

export const OrganizationSchema = z
  .object({
    name: z.string(),
    currency: z.string().openapi({ example: 'RUB', description: 'ISO 4217' }),
    timeZone: z.string().openapi({ example: 'Europe/Moscow', description: 'IANA time zone' }),
    locale: z.string().openapi({ example: 'ru' }),
    weekend: z.array(Weekday).openapi({ example: [6, 7], description: 'ISO weekdays off: 1 = Monday … 7 = Sunday' }),
    updatedAt: z.string(),
  })
  .openapi('Organization');

export const OrganizationPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    currency: z.string().refine(isCurrencyCode, 'Not an ISO 4217 currency code (e.g. RUB, USD)'),
    timeZone: z.string().refine(isTimeZone, 'Not an IANA time zone (e.g. Europe/Moscow)'),
    locale: z.string().max(8).refine(isLocale, 'Not a BCP 47 locale (e.g. ru, en, ru-RU)'),
    weekend: z
      .array(Weekday)
      .max(6)
      .refine((days) => new Set(days).size === days.length, 'Each weekday at most once'),
  })
  .partial()
  .strict()
  .openapi('OrganizationPatch');

export const getOrganization = createRoute({
  method: 'get',
  path: '/api/organization',
  tags: ['organization'],
  summary: 'The organization’s settings',
  security,
  middleware: read,
  responses: {
    200: { description: 'Settings', content: { 'application/json': { schema: OrganizationSchema } } },
    401: errorResponses[401],
    403: errorResponses[403],
  },
});

export const patchOrganization = createRoute({
  method: 'patch',
  path: '/api/organization',
  tags: ['organization'],
  summary: 'Change the organization’s settings (admin)',
  security,
  middleware: write,
  request: { body: { required: true, content: { 'application/json': { schema: OrganizationPatchSchema } } } },
  responses: {
    200: {
      description: 'The settings after the change',
      content: { 'application/json': { schema: OrganizationSchema } },
    },
    ...errorResponses,
  },
});

const Day = z.string().refine(isValidDate, 'Not a calendar date YYYY-MM-DD');
const Year = z.coerce.number().int().min(1970).max(2100);

export const CalendarYearSchema = z
  .object({
    year: z.number().int(),
    loaded: z.boolean().openapi({ description: 'false: no holidays loaded, only the weekend days apply' }),
    country: z.string().nullable(),
    source: z.string().nullable(),
    weekend: z.array(Weekday),
    holidays: z.array(z.string()),
    workdays: z.array(z.string()),
    workingDays: z.number().int().openapi({ description: 'working days in the year with this calendar' }),
    builtIn: z.array(z.string()).openapi({ description: 'countries with a built-in calendar for this year' }),
  })
  .openapi('CalendarYear');

export const CalendarYearInputSchema = z
  .object({
    holidays: z.array(Day).max(366),
    workdays: z.array(Day).max(366).default([]),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .nullable()
      .optional(),
    source: z.string().max(2000).nullable().optional(),
    workingDays: z
      .number()
      .int()
      .min(0)
      .max(366)
      .optional()
      .openapi({ description: 'the official count; when given, the days must add up to it' }),
  })
  .strict()
  .openapi('CalendarYearInput');

const yearParam = z.object({ year: Year.openapi({ param: { name: 'year', in: 'path' }, example: 2026 }) });
const calendarResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: CalendarYearSchema } },
});

export const getCalendar = createRoute({
  method: 'get',
  path: '/api/calendar',
  tags: ['organization'],
  summary: 'The working-day calendar of a year',
  security,
  middleware: read,
  request: { query: z.object({ year: Year.openapi({ example: 2026 }) }) },
  responses: { 200: calendarResponse('The year; `loaded` says whether holidays were loaded'), ...errorResponses },
});

export const putCalendar = createRoute({
  method: 'put',
  path: '/api/calendar/{year}',
  tags: ['organization'],
  summary: 'Load a year’s holidays and transferred working days (admin); replaces what was there',
  security,
  middleware: write,
  request: {
    params: yearParam,
    body: { required: true, content: { 'application/json': { schema: CalendarYearInputSchema } } },
  },
  responses: { 200: calendarResponse('The year as loaded'), ...errorResponses },
});

export const loadBuiltInCalendar = createRoute({
  method: 'post',
  path: '/api/calendar/{year}/load-builtin',
  tags: ['organization'],
  summary: 'Load a built-in production calendar (e.g. Russia’s) for a year (admin)',
  security,
  middleware: write,
  request: {
    params: yearParam,
    query: z.object({
      country: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .default('RU')
        .openapi({ example: 'RU' }),
    }),
  },
  responses: {
    200: calendarResponse('The year as loaded'),
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const deleteCalendar = createRoute({
  method: 'delete',
  path: '/api/calendar/{year}',
  tags: ['organization'],
  summary: 'Unload a year; it falls back to the weekend days only (admin)',
  security,
  middleware: write,
  request: { params: yearParam },
  responses: { 204: { description: 'Unloaded' }, ...errorResponses, ...notFoundResponse },
});
