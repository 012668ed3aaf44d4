// How the catalog names its enumerations in the studio's language, and the dependency its pages reload by.
import type { MessageKey } from '../i18n/messages.ts';
import type { Aggregation, MetricUnit } from './metric-form.ts';

export const METRICS_DEPENDENCY = 'app:metrics';

export const AGGREGATION_LABEL: Record<Aggregation, MessageKey> = {
  count: 'metrics.aggregation.count',
  sum: 'metrics.aggregation.sum',
  avg: 'metrics.aggregation.avg',
  distinct: 'metrics.aggregation.distinct',
  ratio: 'metrics.aggregation.ratio',
  duration: 'metrics.aggregation.duration',
  formula: 'metrics.aggregation.formula',
};

export const UNIT_LABEL: Record<MetricUnit, MessageKey> = {
  count: 'metrics.unit.count',
  money: 'metrics.unit.money',
  percent: 'metrics.unit.percent',
  duration: 'metrics.unit.duration',
};

/** A filter in one short line for the catalog table: `type == "deal.won"`, or the JSON when it is longer. */
export function filterSummary(filter: unknown, max = 80): string | null {
  if (filter === null || filter === undefined) return null;
  const text = JSON.stringify(filter);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
