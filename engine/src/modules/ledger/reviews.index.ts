// Review handlers: the list (scope-filtered), one review with its workflow's state, and the three decisions
// (through the review's workflow when it has one: reviews.temporal.ts).
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'hono';
import { BonusRecord } from '../../db/entities/bonus-record.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Review } from '../../db/entities/review.entity.ts';
import { accessScopeOf, employeeFilter } from '../../http/access-scope.ts';
import type { AppEnv, AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { fromMinor } from '../../lib/money.ts';
import type { ReviewDecision } from './bonus-ledger.service.ts';
import { bonusViews } from './ledger.index.ts';
import * as routes from './reviews.routes.ts';
import { decideReviewThroughWorkflow, reviewInScope, reviewWorkflowState } from './reviews.temporal.ts';

export function reviewsRouter(): AppRouter {
  const router = createRouter();
  router.use('/api/reviews', requirePermission('reviews.decide'));
  router.use('/api/reviews/*', requirePermission('reviews.decide'));

  router.openapi(routes.listReviews, async (c) => {
    const query = c.req.valid('query');
    const em = c.get('em');
    const filter = employeeFilter(await accessScopeOf(em, principalOf(c)));
    const where: FilterQuery<Review> = {};
    if (query.status) where.status = query.status;
    if (filter) {
      const ids = (await em.find(Employee, filter as FilterQuery<Employee>, { fields: ['id'] })).map((e) => e.id);
      where.employee = { $in: ids };
    }
    const reviews = await em.find(Review, where, { orderBy: { deadline: 'asc', id: 'asc' }, limit: query.limit });
    return c.json({ items: await reviewViews(em, reviews) }, 200);
  });

  router.openapi(routes.getReview, async (c) => {
    const review = await reviewInScope(c.get('em'), principalOf(c), c.req.valid('param').id);
    const [view] = await reviewViews(c.get('em'), [review]);
    const workflow = await reviewWorkflowState({ temporal: c.get('deps').temporal, logger: c.get('log') }, review.id);
    return c.json({ ...(view as NonNullable<typeof view>), workflow }, 200);
  });

  const decide = async (c: Context<AppEnv>, id: string, decision: ReviewDecision) => {
    const deps = { em: c.get('em'), temporal: c.get('deps').temporal, logger: c.get('log') };
    const review = await decideReviewThroughWorkflow(deps, principalOf(c), id, decision);
    return (await reviewViews(c.get('em'), [review]))[0] as never;
  };

  router.openapi(routes.approveReview, async (c) => {
    const { comment } = c.req.valid('json') as { comment?: string };
    const decision: ReviewDecision = comment === undefined ? { kind: 'approve' } : { kind: 'approve', comment };
    return c.json(await decide(c, c.req.valid('param').id, decision), 200);
  });

  router.openapi(routes.rejectReview, async (c) => {
    const { reason } = c.req.valid('json') as { reason: string };
    return c.json(await decide(c, c.req.valid('param').id, { kind: 'reject', reason }), 200);
  });

  router.openapi(routes.adjustReview, async (c) => {
    const { amount, reason } = c.req.valid('json') as { amount: string; reason: string };
    return c.json(await decide(c, c.req.valid('param').id, { kind: 'adjust', amount, reason }), 200);
  });

  return router;
}

async function reviewViews(em: EntityManager, reviews: readonly Review[]) {
  const lines = await em.find(BonusRecord, { id: { $in: reviews.map((r) => r.bonusRecord) } });
  const views = new Map((await bonusViews(em, lines)).map((v) => [v.id, v]));
  const currency = new Map(lines.map((l) => [l.id, l.currency]));
  const now = Date.now();
  return reviews.map((r) => ({
    id: r.id,
    status: r.status,
    reviewerRole: r.reviewerRole,
    deadline: r.deadline.toISOString(),
    overdue: r.status === 'pending' && r.deadline.getTime() < now,
    remindersSent: r.remindersSent,
    lastRemindedAt: r.lastRemindedAt?.toISOString() ?? null,
    escalatedAt: r.escalatedAt?.toISOString() ?? null,
    decidedBy: r.decidedBy ?? null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    comment: r.comment ?? null,
    adjustedAmount:
      r.adjustedAmountMinor == null ? null : fromMinor(r.adjustedAmountMinor, currency.get(r.bonusRecord) ?? 'RUB'),
    bonus: views.get(r.bonusRecord) as NonNullable<ReturnType<typeof views.get>>,
    createdAt: r.createdAt.toISOString(),
  }));
}
