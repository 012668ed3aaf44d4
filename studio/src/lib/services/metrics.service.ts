// Changes to the metric catalog: each calls the API, refreshes what shows the catalog, and confirms in
// the corner. Failures are the caller's to show next to the form (they carry per-field problems).
import { goto, invalidate } from '$app/navigation';
import { resolve } from '$app/paths';
import {
  createMetric,
  deleteMetric,
  type Metric,
  type MetricInput,
  type MetricPatch,
  updateMetric,
} from '../api/metrics.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { METRICS_DEPENDENCY } from '../metrics/metric-labels.ts';
import { notifications } from '../notifications/notifications.svelte.ts';

export async function addMetric(body: MetricInput): Promise<Metric> {
  const metric = await createMetric(body);
  notifications.show('success', t('metrics.created', { key: metric.key }));
  await invalidate(METRICS_DEPENDENCY);
  await goto(resolve('/(app)/metrics/[id]', { id: metric.key }));
  return metric;
}

export async function saveMetric(id: string, patch: MetricPatch): Promise<Metric> {
  const metric = await updateMetric(id, patch);
  notifications.show('success', t('metrics.saved', { key: metric.key }));
  await invalidate(METRICS_DEPENDENCY);
  return metric;
}

export async function removeMetric(metric: Metric): Promise<void> {
  await deleteMetric(metric.id);
  notifications.show('success', t('metrics.deleted', { key: metric.key }));
  await invalidate(METRICS_DEPENDENCY);
  await goto(resolve('/(app)/metrics'));
}
