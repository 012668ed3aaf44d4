// Progress against plans, and the leaderboard of one metric.
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, LocalizedTextSchema, notFoundResponse, security } from '../../http/openapi-common.ts';
import { PeriodKeySchema, ScopeSchema } from './plans.routes.ts';

const Figure = z
  .union([z.number(), z.string()])
  .nullable()
  .openapi({ description: 'money as a decimal string, other units as numbers' });
const Status = z.enum(['on_track', 'at_risk', 'off_track']).nullable();
const AsOf = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T.+)?$/, 'an ISO date or date-time')
  .optional()
  .openapi({ description: 'compute as of this day (end of it) instead of now, for reproducible figures' });

const FiguresShape = {
  metric: z.string(),
  unit: z.enum(['count', 'money', 'percent', 'duration']),
  actual: Figure,
  plan: Figure,
  attainment: z.number().nullable(),
  pace: z.number().openapi({ description: 'the attainment expected by now, from working days elapsed' }),
  status: Status,
  forecast: Figure,
};

export const ProgressSchema = z
  .object({
    period: z.string(),
    scope: z.string(),
    currency: z.string(),
    calendar: z.object({ workingDays: z.number(), elapsed: z.number(), elapsedShare: z.number(), asOf: z.string() }),
    items: z.array(
      z.object({
        employee: z.object({ id: z.string(), name: z.string(), department: z.string(), team: z.string().nullable() }),
        proration: z.number(),
        ...FiguresShape,
      }),
    ),
    groups: z.array(z.object({ scope: z.string(), ...FiguresShape })),
  })
  .openapi('Progress');

export const getProgress = createRoute({
  method: 'get',
  path: '/api/progress',
  tags: ['kpi'],
  summary: 'Actual, plan, attainment, pace, status and forecast per employee and metric',
  security,
  request: {
    query: z.object({
      period: PeriodKeySchema,
      scope: ScopeSchema.optional().openapi({ description: 'default: everyone the caller may see' }),
      metric: z.string().optional().openapi({ description: 'comma-separated metric keys; default: every metric' }),
      asOf: AsOf,
      proration: z.enum(['working-days', 'none']).default('working-days'),
    }),
  },
  responses: {
    200: { description: 'Progress', content: { 'application/json': { schema: ProgressSchema } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const LeaderboardSchema = z
  .object({
    metric: z.string().openapi({ description: 'the metric ranked by, or `kpi` for a scheme’s weighted KPI' }),
    scheme: z
      .object({ id: z.string(), version: z.number().int(), name: LocalizedTextSchema })
      .nullable()
      .openapi({ description: 'the scheme whose KPI card weighs the ranking; null when ranked by one metric' }),
    period: z.string(),
    scope: z.string(),
    visibility: z.enum(['full', 'bands', 'hidden']),
    items: z.array(
      z.object({
        employee: z.object({ id: z.string(), name: z.string() }),
        rank: z.number().int().nullable().openapi({ description: 'ties share a rank; null when hidden or no value' }),
        band: z.enum(['q1', 'q2', 'q3', 'q4']).nullable().openapi({ description: 'quartile, q1 the best' }),
        actual: Figure.openapi({ description: 'the metric’s actual; null for a weighted KPI' }),
        attainment: z.number().nullable().openapi({
          description: 'actual / plan; for a weighted KPI, Σ weight × achievement of the scheme’s KPI lines',
        }),
      }),
    ),
  })
  .openapi('Leaderboard');

export const getLeaderboard = createRoute({
  method: 'get',
  path: '/api/leaderboard',
  tags: ['kpi'],
  summary: 'Employees ranked by one metric, or by a scheme’s weighted KPI, as far as the caller may see',
  description:
    'Give `metric` to rank by one metric (employees see it as the metric’s visibility says), or `scheme` to rank the people the scheme’s active version covers by Σ weight × achievement of its KPI lines, each scaled by its threshold, plan and cap as the payout is (employees see it as the scheme’s `leaderboard` setting says: ranks, bands or hidden).',
  security,
  request: {
    query: z.object({
      metric: z.string().optional(),
      scheme: z.string().optional().openapi({ description: 'a scheme id: rank by its active version’s weighted KPI' }),
      period: PeriodKeySchema,
      scope: ScopeSchema.optional().openapi({
        description: 'default: the caller’s view; an employee’s peers are their department',
      }),
      asOf: AsOf,
    }),
  },
  responses: {
    200: { description: 'The leaderboard', content: { 'application/json': { schema: LeaderboardSchema } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});
