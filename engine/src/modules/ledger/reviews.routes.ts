// Reviews: a human decision on each proposed bonus line (approve, reject, adjust with a reason).
import { createRoute, z } from '@hono/zod-openapi';
import { REVIEW_STATUSES } from '../../db/entities/review.entity.ts';
import { conflictResponse, errorResponses, notFoundResponse, security } from '../../http/openapi-common.ts';
import { BonusRecordSchema } from './ledger.routes.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export const ReviewSchema = z
  .object({
    id: z.string(),
    status: z.enum(REVIEW_STATUSES),
    reviewerRole: z.enum(['manager', 'hr', 'admin']),
    deadline: z.string(),
    overdue: z.boolean(),
    remindersSent: z.number().int(),
    lastRemindedAt: z.string().nullable(),
    escalatedAt: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    comment: z.string().nullable(),
    adjustedAmount: z.string().nullable().openapi({ description: 'the total the reviewer set, decimal string' }),
    bonus: BonusRecordSchema,
    createdAt: z.string(),
  })
  .openapi('Review');

const params = z.object({ id: z.string() });
const amount = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal string such as "12500.00"');

export const listReviews = createRoute({
  method: 'get',
  path: '/api/reviews',
  tags: ['reviews'],
  summary: 'Reviews of proposed bonuses, by status; managers see their departments',
  security,
  request: {
    query: z.object({
      status: z.enum(REVIEW_STATUSES).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
  },
  responses: {
    200: { description: 'Reviews, earliest deadline first', ...json(z.object({ items: z.array(ReviewSchema) })) },
    ...errorResponses,
  },
});

export const ReviewWorkflowStateSchema = z
  .object({
    status: z.enum(REVIEW_STATUSES),
    reviewerRole: z.enum(['manager', 'hr', 'admin']),
    deadline: z.string(),
    remindersSent: z.number().int(),
    escalated: z.boolean(),
    nextActionAt: z.string().nullable(),
    nextAction: z.enum(['remind', 'escalate', 'recheck']).nullable(),
  })
  .openapi('ReviewWorkflowState');

export const getReview = createRoute({
  method: 'get',
  path: '/api/reviews/{id}',
  tags: ['reviews'],
  summary: 'One review, with the state of its workflow (reminders, escalation, next action) when it has one',
  security,
  request: { params },
  responses: {
    200: {
      description:
        'The review; `workflow` is null for a review without a workflow (proposed outside a close run) or while Temporal is unreachable',
      ...json(ReviewSchema.extend({ workflow: ReviewWorkflowStateSchema.nullable() })),
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

const decision = <T extends z.ZodType>(path: string, summary: string, body: T) =>
  createRoute({
    method: 'post',
    path,
    tags: ['reviews'],
    summary,
    description:
      'A review with a workflow is decided through it (a Temporal update, validated by the workflow); otherwise, or while Temporal is unreachable, directly. Either way one database transaction decides: 404 outside the caller’s scope, 403 for a role the policy does not allow (now: after an escalation, the escalated role) or one’s own bonus, 409 once decided, 422 with JSON paths.',
    security,
    request: { params, body: { required: true, ...json(body) } },
    responses: {
      200: { description: 'The decided review', ...json(ReviewSchema) },
      ...errorResponses,
      ...notFoundResponse,
      ...conflictResponse,
    },
  });

export const approveReview = decision(
  '/api/reviews/{id}/approve',
  'Approve the proposed bonus',
  z.object({ comment: z.string().max(2000).optional() }),
);
export const rejectReview = decision(
  '/api/reviews/{id}/reject',
  'Reject the proposed bonus, with a reason',
  z.object({ reason: z.string().trim().min(1).max(2000) }),
);
export const adjustReview = decision(
  '/api/reviews/{id}/adjust',
  'Approve with a different total; an adjustment line records the difference',
  z.object({ amount, reason: z.string().trim().min(1).max(2000) }),
);
