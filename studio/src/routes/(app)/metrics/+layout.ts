// The catalog, loaded once for the list and the editor (ratio and formula metrics pick other metrics).
import { isRedirect } from '@sveltejs/kit';
import { listMetrics, type Metric } from '#lib/api/metrics.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { METRICS_DEPENDENCY } from '#lib/metrics/metric-labels.ts';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ fetch, depends }): Promise<{ metrics: Metric[]; error: ErrorInfo | null }> => {
  depends(METRICS_DEPENDENCY);
  try {
    return { metrics: await listMetrics({ fetch }), error: null };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { metrics: [], error: toErrorInfo(error) };
  }
};
