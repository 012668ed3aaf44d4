// Loads the alert list for the status in the URL. A failure becomes part of the page data (not an
// error page) so the shell stays usable and the next automatic refresh can recover on its own.
import { isRedirect } from '@sveltejs/kit';
import { ALERTS_DEPENDENCY, byNewest, parseStatusFilter, STATUS_PARAM } from '#lib/alerts/alert-list.ts';
import { listAlerts } from '#lib/api/alerts.ts';
import type { Alert } from '#lib/api/types.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import type { PageLoad } from './$types';

interface AlertsPageData {
  status: Alert['status'] | undefined;
  alerts: Alert[];
  error: ErrorInfo | null;
  loadedAt: string;
}

export const load: PageLoad = async ({ fetch, url, depends }): Promise<AlertsPageData> => {
  depends(ALERTS_DEPENDENCY);
  const status = parseStatusFilter(url.searchParams.get(STATUS_PARAM));
  const loadedAt = new Date().toISOString();
  try {
    const alerts = await listAlerts({ status }, { fetch });
    return { status, alerts: byNewest(alerts), error: null, loadedAt };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { status, alerts: [], error: toErrorInfo(error), loadedAt };
  }
};
