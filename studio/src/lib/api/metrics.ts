// The metric catalog: what is measured, from which events, and how progress on it is judged.
import { api, type CallOptions, call, init, type Schema } from './client.ts';

export type Metric = Schema<'Metric'>;
export type MetricInput = Schema<'MetricInput'>;
export type MetricPatch = Schema<'MetricPatch'>;

export async function listMetrics(options: CallOptions = {}): Promise<Metric[]> {
  const { items } = await call(api.GET('/api/metrics', init(options)));
  return items;
}

export function getMetric(idOrKey: string, options: CallOptions = {}): Promise<Metric> {
  return call(api.GET('/api/metrics/{id}', { params: { path: { id: idOrKey } }, ...init(options) }));
}

/** A definition the engine rejects is an ApiError (422) whose details list `{ path, message }`. */
export function createMetric(body: MetricInput, options: CallOptions = {}): Promise<Metric> {
  return call(api.POST('/api/metrics', { body, ...init(options) }));
}

export function updateMetric(id: string, body: MetricPatch, options: CallOptions = {}): Promise<Metric> {
  return call(api.PATCH('/api/metrics/{id}', { params: { path: { id } }, body, ...init(options) }));
}

/** Refused (409 `metric.in_use`) while a plan or another metric uses it; the details say which. */
export async function deleteMetric(id: string, options: CallOptions = {}): Promise<void> {
  await call(api.DELETE('/api/metrics/{id}', { params: { path: { id } }, ...init(options) }));
}
