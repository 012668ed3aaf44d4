// Loads the alert list for the filters in the URL (status, severity, employee), and the employees to
// filter by. A failure becomes part of the page data (not an error page) so the shell stays usable
// and the next automatic refresh can recover on its own.
import { isRedirect } from '@sveltejs/kit';
import { ALERTS_DEPENDENCY, byNewest, parseAlertFilter } from '#lib/alerts/alert-list.ts';
import { type AlertFilter, listAlerts } from '#lib/api/alerts.ts';
import { listEmployees } from '#lib/api/people.ts';
import type { Alert, Employee } from '#lib/api/types.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import type { PageLoad } from './$types';

interface AlertsPageData {
  filter: AlertFilter;
  status: Alert['status'] | undefined;
  alerts: Alert[];
  employees: Pick<Employee, 'id' | 'name'>[];
  error: ErrorInfo | null;
  loadedAt: string;
}

export const load: PageLoad = async ({ fetch, url, depends }): Promise<AlertsPageData> => {
  depends(ALERTS_DEPENDENCY);
  const filter = parseAlertFilter(url.searchParams);
  const loadedAt = new Date().toISOString();
  // the employee filter's choices; without them the filter is only left out
  const employees = listEmployees({ fetch }).then(
    (items) => items.map(({ id, name }) => ({ id, name })),
    () => [],
  );
  try {
    const alerts = await listAlerts(filter, { fetch });
    return {
      filter,
      status: filter.status,
      alerts: byNewest(alerts),
      employees: await employees,
      error: null,
      loadedAt,
    };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return {
      filter,
      status: filter.status,
      alerts: [],
      employees: await employees,
      error: toErrorInfo(error),
      loadedAt,
    };
  }
};
