// The metric catalog decides which ready-made KPI cards a new scheme can start from.
import { isRedirect } from '@sveltejs/kit';
import { listMetricCatalog, type MetricInfo } from '#lib/api/schemes.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch }): Promise<{ metrics: MetricInfo[]; error: ErrorInfo | null }> => {
  try {
    return { metrics: await listMetricCatalog({ fetch }), error: null };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { metrics: [], error: toErrorInfo(error) };
  }
};
