// The organization's settings and the working calendar of the year in the URL (this year by default).
import { isRedirect } from '@sveltejs/kit';
import { type CalendarYear, getCalendar, getOrganization, type Organization } from '#lib/api/organization.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { ORGANIZATION_DEPENDENCY } from '#lib/settings/settings-dependencies.ts';
import type { PageLoad } from './$types';

interface OrganizationPageData {
  year: number;
  organization: Organization | null;
  calendar: CalendarYear | null;
  error: ErrorInfo | null;
}

export const load: PageLoad = async ({ fetch, url, depends }): Promise<OrganizationPageData> => {
  depends(ORGANIZATION_DEPENDENCY);
  const asked = Number(url.searchParams.get('year'));
  const year = Number.isInteger(asked) && asked >= 1970 && asked <= 2100 ? asked : new Date().getFullYear();
  try {
    const [organization, calendar] = await Promise.all([getOrganization({ fetch }), getCalendar(year, { fetch })]);
    return { year, organization, calendar, error: null };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { year, organization: null, calendar: null, error: toErrorInfo(error) };
  }
};
