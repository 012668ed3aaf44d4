// The metric catalog: what is measured, from which events, and how progress on it is judged.
import { createRoute, z } from '@hono/zod-openapi';
import { LEADERBOARD_VISIBILITIES, METRIC_AGGREGATIONS, METRIC_UNITS } from '../../db/entities/metric.entity.ts';
import {
  conflictResponse,
  errorResponses,
  LocalizedTextSchema,
  notFoundResponse,
  security,
} from '../../http/openapi-common.ts';

const ThresholdsSchema = z
  .object({ onTrack: z.number().gt(0).max(10), atRisk: z.number().gt(0).max(10) })
  .refine((t) => t.atRisk <= t.onTrack, { message: 'atRisk must not exceed onTrack', path: ['atRisk'] })
  .openapi('MetricThresholds', {
    description: 'on_track when attainment ≥ pace × onTrack, at_risk when ≥ pace × atRisk (inverted for "lower")',
  });

const MetricFields = {
  name: LocalizedTextSchema,
  aggregation: z.enum(METRIC_AGGREGATIONS),
  field: z.string().max(200).nullable().optional().openapi({
    description:
      'sum/avg: amount or attributes.<key>; distinct: type, externalId, currency, amount or attributes.<key>',
  }),
  filter: z.unknown().optional().openapi({
    description: 'JSON-logic over the event (type, amount, currency, occurredAt, externalId, attributes.<key>)',
  }),
  params: z.record(z.string(), z.unknown()).nullable().optional().openapi({
    description:
      'ratio: { numerator, denominator } (metric keys); duration: { startType, endType, key, unit: hours|days }; formula: { rule } (JSON-logic over kpi.<key>.actual)',
  }),
  unit: z.enum(METRIC_UNITS),
  direction: z.enum(['higher', 'lower']).default('higher'),
  thresholds: ThresholdsSchema.nullable().optional(),
  visibility: z.enum(LEADERBOARD_VISIBILITIES).default('full').openapi({
    description: 'how employees see the leaderboard: full ranks, quartile bands, or only their own row',
  }),
};

export const MetricInputSchema = z
  .object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _'), ...MetricFields })
  .openapi('MetricInput');

export const MetricPatchSchema = z
  .object({
    name: MetricFields.name.optional(),
    aggregation: MetricFields.aggregation.optional(),
    field: MetricFields.field,
    filter: MetricFields.filter,
    params: MetricFields.params,
    unit: MetricFields.unit.optional(),
    direction: z.enum(['higher', 'lower']).optional(),
    thresholds: MetricFields.thresholds,
    visibility: z.enum(LEADERBOARD_VISIBILITIES).optional(),
  })
  .openapi('MetricPatch');

export const MetricSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    name: LocalizedTextSchema,
    aggregation: z.enum(METRIC_AGGREGATIONS),
    field: z.string().nullable(),
    filter: z.unknown(),
    params: z.record(z.string(), z.unknown()).nullable(),
    unit: z.enum(METRIC_UNITS),
    direction: z.enum(['higher', 'lower']),
    thresholds: z.object({ onTrack: z.number(), atRisk: z.number() }),
    visibility: z.enum(LEADERBOARD_VISIBILITIES),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Metric');

const IdParam = z.object({ id: z.string() });
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const listMetrics = createRoute({
  method: 'get',
  path: '/api/metrics',
  tags: ['kpi'],
  summary: 'The metric catalog',
  security,
  responses: { 200: json(z.object({ items: z.array(MetricSchema) }), 'Every metric, by key'), ...errorResponses },
});

export const getMetric = createRoute({
  method: 'get',
  path: '/api/metrics/{id}',
  tags: ['kpi'],
  summary: 'One metric, by id or key',
  security,
  request: { params: IdParam },
  responses: { 200: json(MetricSchema, 'The metric'), ...errorResponses, ...notFoundResponse },
});

export const createMetric = createRoute({
  method: 'post',
  path: '/api/metrics',
  tags: ['kpi'],
  summary: 'Define a metric',
  security,
  request: { body: { content: { 'application/json': { schema: MetricInputSchema } }, required: true } },
  responses: {
    201: json(MetricSchema, 'The metric'),
    ...errorResponses,
    ...conflictResponse,
  },
});

export const updateMetric = createRoute({
  method: 'patch',
  path: '/api/metrics/{id}',
  tags: ['kpi'],
  summary: 'Change a metric (its key stays)',
  security,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: MetricPatchSchema } }, required: true },
  },
  responses: { 200: json(MetricSchema, 'The metric'), ...errorResponses, ...notFoundResponse },
});

export const deleteMetric = createRoute({
  method: 'delete',
  path: '/api/metrics/{id}',
  tags: ['kpi'],
  summary: 'Delete a metric no plan or other metric uses',
  security,
  request: { params: IdParam },
  responses: {
    204: { description: 'Deleted' },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
  },
});
