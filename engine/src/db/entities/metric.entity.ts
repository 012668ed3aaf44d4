// A KPI definition computed from events over a period.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty, timestamps } from './base.ts';

export const METRIC_AGGREGATIONS = ['count', 'sum', 'avg', 'distinct', 'ratio', 'duration', 'formula'] as const;
export const METRIC_UNITS = ['count', 'money', 'percent', 'duration'] as const;

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
    ...timestamps(),
  },
});
export type Metric = InferEntity<typeof Metric>;
