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

const decision = <T extends z.ZodType>(path: string, summary: string, body: T) =>
  createRoute({
    method: 'post',
    path,
    tags: ['reviews'],
    summary,
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
