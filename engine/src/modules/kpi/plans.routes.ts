// Plans: a target for an employee, team, department or the company, per metric and period.
import { createRoute, z } from '@hono/zod-openapi';
import { conflictResponse, errorResponses, notFoundResponse, security } from '../../http/openapi-common.ts';

export const PeriodKeySchema = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$/, 'a period: 2026-10, 2026-Q4, 2026-H2 or 2026')
  .openapi({ example: '2026-10' });
export const ScopeSchema = z
  .string()
  .regex(/^(company|(employee|team|department):\S+)$/, 'employee:<id>, team:<id>, department:<id> or company')
  .openapi({ example: 'employee:3f0c…' });
const TargetSchema = z
  .string()
  .regex(/^\d{1,16}(\.\d{1,4})?$/, 'a non-negative decimal string with at most 4 decimals')
  .openapi({ example: '2500000.00' });

export const PlanInputSchema = z
  .object({
    metric: z.string().openapi({ description: 'metric key' }),
    period: PeriodKeySchema,
    scope: ScopeSchema,
    target: TargetSchema,
  })
  .openapi('PlanInput');

export const PlanSchema = z
  .object({
    id: z.string(),
    metric: z.string(),
    period: z.string(),
    scope: z.string(),
    target: z.string().openapi({ description: 'decimal string' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Plan');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const IdParam = z.object({ id: z.string() });

export const listPlans = createRoute({
  method: 'get',
  path: '/api/plans',
  tags: ['kpi'],
  summary: 'Plans the caller may see, by period, metric and scope',
  security,
  request: {
    query: z.object({
      period: PeriodKeySchema.optional(),
      metric: z.string().optional(),
      scope: ScopeSchema.optional(),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(PlanSchema) }), 'Plans'), ...errorResponses },
});

export const createPlan = createRoute({
  method: 'post',
  path: '/api/plans',
  tags: ['kpi'],
  summary: 'Set a plan',
  security,
  request: { body: { content: { 'application/json': { schema: PlanInputSchema } }, required: true } },
  responses: { 201: json(PlanSchema, 'The plan'), ...errorResponses, ...conflictResponse },
});

export const updatePlan = createRoute({
  method: 'patch',
  path: '/api/plans/{id}',
  tags: ['kpi'],
  summary: 'Change a plan’s target',
  security,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: z.object({ target: TargetSchema }) } }, required: true },
  },
  responses: { 200: json(PlanSchema, 'The plan'), ...errorResponses, ...notFoundResponse },
});

export const deletePlan = createRoute({
  method: 'delete',
  path: '/api/plans/{id}',
  tags: ['kpi'],
  summary: 'Delete a plan',
  security,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses, ...notFoundResponse },
});

export const bulkPlans = createRoute({
  method: 'put',
  path: '/api/plans/bulk',
  tags: ['kpi'],
  summary: 'Upsert a period’s plans from a table (all or nothing)',
  security,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              period: PeriodKeySchema,
              items: z
                .array(z.object({ metric: z.string(), scope: ScopeSchema, target: TargetSchema }))
                .min(1)
                .max(50_000),
            })
            .openapi('PlanBulkInput'),
        },
      },
      required: true,
    },
  },
  responses: {
    200: json(
      z.object({
        created: z.number().int(),
        updated: z.number().int(),
        unchanged: z.number().int(),
        items: z.array(PlanSchema),
      }),
      'Every plan of the table, as stored',
    ),
    ...errorResponses,
  },
});
