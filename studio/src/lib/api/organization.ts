// The organization's settings (currency, time zone, locale, weekend) and its working-day calendar.
import { api, type CallOptions, call, init, type Schema } from './client.ts';

export type Organization = Schema<'Organization'>;
export type OrganizationPatch = Schema<'OrganizationPatch'>;
export type CalendarYear = Schema<'CalendarYear'>;

export function getOrganization(options: CallOptions = {}): Promise<Organization> {
  return call(api.GET('/api/organization', init(options)));
}

export function updateOrganization(body: OrganizationPatch, options: CallOptions = {}): Promise<Organization> {
  return call(api.PATCH('/api/organization', { body, ...init(options) }));
}

export function getCalendar(year: number, options: CallOptions = {}): Promise<CalendarYear> {
  return call(api.GET('/api/calendar', { params: { query: { year } }, ...init(options) }));
}

/** Loads a built-in production calendar (Russia's by default) for a year, replacing what was there. */
export function loadBuiltInCalendar(year: number, country: string, options: CallOptions = {}): Promise<CalendarYear> {
  return call(
    api.POST('/api/calendar/{year}/load-builtin', {
      params: { path: { year }, query: { country } },
      ...init(options),
    }),
  );
}

/** Unloads a year: only the weekend days apply to it again. */
export async function unloadCalendar(year: number, options: CallOptions = {}): Promise<void> {
  await call(api.DELETE('/api/calendar/{year}', { params: { path: { year } }, ...init(options) }));
}
