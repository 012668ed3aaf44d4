// Alerts raised by scheme alert rules, newest first, and the inbox's actions: acknowledge and resolve, one or many.
import { createRoute, z } from '@hono/zod-openapi';
import { EVALUATION_MODES } from '../../db/entities/evaluation.entity.ts';
import {
  conflictResponse,
  errorResponses,
  LocalizedTextSchema,
  notFoundResponse,
  security,
} from '../../http/openapi-common.ts';

const ActionSchema = z
  .object({ by: z.object({ id: z.string(), name: z.string() }).nullable(), at: z.string() })
  .openapi('AlertAction');

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
    acknowledged: ActionSchema.nullable().openapi({ description: 'who acknowledged the alert and when' }),
    resolved: ActionSchema.nullable().openapi({ description: 'who resolved the alert and when' }),
    createdAt: z.string(),
  })
  .openapi('Alert');

export const listAlerts = createRoute({
  method: 'get',
  path: '/api/alerts',
  tags: ['results'],
  summary: 'Alerts, filtered by employee, status and severity; managers see their departments',
  security,
  request: {
    query: z.object({
      employee: z.string().optional(),
      status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
      severity: z.enum(['info', 'warning', 'critical']).optional(),
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

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const ACTIONS = {
  acknowledge: 'Acknowledge: someone is on it (an open alert only; 409 once acknowledged or resolved)',
  resolve: 'Resolve: dealt with (an open or acknowledged alert; 409 once resolved)',
} as const;

const actOnOne = (action: keyof typeof ACTIONS) =>
  createRoute({
    method: 'post',
    path: `/api/alerts/{id}/${action}`,
    tags: ['results'],
    summary: ACTIONS[action],
    description: 'Records who and when, and an audit entry. 404 for an alert outside the caller’s scope.',
    security,
    request: { params: z.object({ id: z.string() }) },
    responses: {
      200: { description: 'The alert', ...json(AlertSchema) },
      ...errorResponses,
      ...notFoundResponse,
      ...conflictResponse,
    },
  });

const actOnMany = (action: keyof typeof ACTIONS) =>
  createRoute({
    method: 'post',
    path: `/api/alerts/${action}`,
    tags: ['results'],
    summary: `${ACTIONS[action].split(':')[0]} several alerts at once`,
    description:
      'All or nothing: 404 when any id is unknown or outside the caller’s scope. Alerts already past the step ' +
      '(acknowledged, resolved) are left as they are and listed in `unchanged`.',
    security,
    request: {
      body: {
        required: true,
        ...json(z.object({ ids: z.array(z.string()).min(1).max(500) })),
      },
    },
    responses: {
      200: {
        description: 'The changed alerts, and the ids left unchanged',
        ...json(z.object({ items: z.array(AlertSchema), unchanged: z.array(z.string()) })),
      },
      ...errorResponses,
      ...notFoundResponse,
    },
  });

export const acknowledgeAlert = actOnOne('acknowledge');
export const resolveAlert = actOnOne('resolve');
export const acknowledgeAlerts = actOnMany('acknowledge');
export const resolveAlerts = actOnMany('resolve');
