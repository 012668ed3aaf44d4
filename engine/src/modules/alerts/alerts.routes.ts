// Alerts raised by scheme alert rules, newest first.
import { createRoute, z } from '@hono/zod-openapi';
import { EVALUATION_MODES } from '../../db/entities/evaluation.entity.ts';
import { errorResponses, LocalizedTextSchema, security } from '../../http/openapi-common.ts';

export const AlertSchema = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    ruleName: LocalizedTextSchema,
    schemeVersionId: z.string(),
    severity: z.enum(['info', 'warning', 'critical']),
    status: z.enum(['open', 'acknowledged', 'resolved']),
    message: LocalizedTextSchema,
    employee: z.object({ id: z.string(), name: z.string() }),
    cause: z
      .discriminatedUnion('kind', [
        z.object({
          kind: z.literal('event'),
          eventId: z.string(),
          externalId: z.string(),
          type: z.string(),
          amount: z.string().nullable().openapi({ description: 'decimal string' }),
          currency: z.string().nullable(),
          occurredAt: z.string(),
        }),
        z.object({
          kind: z.literal('evaluation'),
          evaluationId: z.string(),
          mode: z.enum(EVALUATION_MODES),
          asOf: z.string(),
        }),
      ])
      .nullable()
      .openapi({ description: 'what fired the rule: the CRM event, or the period evaluation' }),
    period: z.string().openapi({ example: '2026-10' }),
    dedupeKey: z.string(),
    createdAt: z.string(),
  })
  .openapi('Alert');

export const listAlerts = createRoute({
  method: 'get',
  path: '/api/alerts',
  tags: ['results'],
  summary: 'Alerts, filtered by employee and status',
  security,
  request: {
    query: z.object({
      employee: z.string().optional(),
      status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: {
      description: 'Alerts, newest first',
      content: { 'application/json': { schema: z.object({ items: z.array(AlertSchema) }) } },
    },
    ...errorResponses,
  },
});
