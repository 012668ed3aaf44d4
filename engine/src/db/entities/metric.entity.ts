// A KPI definition computed from events over a period.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty, timestamps } from './base.ts';

export const METRIC_AGGREGATIONS = ['count', 'sum', 'avg', 'distinct', 'ratio', 'duration', 'formula'] as const;
export const METRIC_UNITS = ['count', 'money', 'percent', 'duration'] as const;
export const LEADERBOARD_VISIBILITIES = ['full', 'bands', 'hidden'] as const;

/** What ratio, duration and formula metrics need beyond `field` and `filter`. */
export type MetricParams =
  | { numerator: string; denominator: string }
  | { startType: string; endType: string; key: string; unit: 'hours' | 'days' }
  | { rule: unknown };

/** Status thresholds as shares of the expected attainment (pace): on track at ≥ onTrack × pace. */
export interface MetricThresholds {
  onTrack: number;
  atRisk: number;
}

export const Metric = defineEntity({
  name: 'Metric',
  tableName: 'metric',
  properties: {
    id: idProperty(),
    key: p.string().length(64).unique(),
    name: p.json<{ en: string; ru: string }>(),
    aggregation: p.string().length(16).$type<(typeof METRIC_AGGREGATIONS)[number]>(),
    /** the event field aggregated by sum/avg/distinct */
    field: p.string().nullable(),
    /** JSON-logic over the event */
    filter: p.json<unknown>().nullable(),
    unit: p.string().length(16).$type<(typeof METRIC_UNITS)[number]>(),
    direction: p.string().length(8).$type<'higher' | 'lower'>().default('higher'),
    /** ratio: metric keys; duration: start/end event types and the attribute that pairs them; formula: the rule */
    params: p.json<MetricParams>().nullable(),
    /** null means the defaults (0.95, 0.8) */
    thresholds: p.json<MetricThresholds>().nullable(),
    /** how the leaderboard shows this metric to employees; a scheme may override it */
    visibility: p.string().length(8).$type<(typeof LEADERBOARD_VISIBILITIES)[number]>().default('full'),
    ...timestamps(),
  },
});
export type Metric = InferEntity<typeof Metric>;
