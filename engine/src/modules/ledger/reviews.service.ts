// What the bonus review workflow does to a review besides deciding it: read it, record a reminder, escalate
// it. Each write is idempotent (a retried activity changes nothing twice) and audited in its transaction.
// Decisions go through `decideReview` (bonus-ledger.service.ts), whichever path they take.
import type { EntityManager } from '@mikro-orm/sql';
import { type ReviewSnapshot, resolveReviewPolicy } from '@yardstick/workflows/shared';
import { BonusRecord } from '../../db/entities/bonus-record.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Review } from '../../db/entities/review.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { notFound } from '../../lib/errors.ts';
import { fromMinor } from '../../lib/money.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { forUpdate } from './row-lock.ts';

/** The review with its line's version and period and the version's policy (defaults filled in). */
export async function reviewSnapshot(em: EntityManager, reviewId: string): Promise<ReviewSnapshot> {
  const review = await em.findOne(Review, { id: reviewId }, { refresh: true });
  if (!review) throw notFound(`Review ${reviewId}`);
  const line = await em.findOneOrFail(BonusRecord, { id: review.bonusRecord });
  const version = await em.findOneOrFail(SchemeVersion, { id: line.schemeVersion });
  const employee = await em.findOneOrFail(Employee, { id: review.employee }, { fields: ['name'] });
  return {
    reviewId: review.id,
    status: review.status,
    reviewerRole: review.reviewerRole,
    deadline: review.deadline.toISOString(),
    createdAt: review.createdAt.toISOString(),
    employeeId: review.employee,
    employeeName: employee.name,
    amount: fromMinor(review.adjustedAmountMinor ?? line.amountMinor, line.currency),
    currency: line.currency,
    comment: review.comment ?? null,
    schemeVersionId: line.schemeVersion,
    period: line.period,
    remindersSent: review.remindersSent,
    lastRemindedAt: review.lastRemindedAt?.toISOString() ?? null,
    escalatedAt: review.escalatedAt?.toISOString() ?? null,
    policy: resolveReviewPolicy(version.definition.reviewPolicy),
  };
}

export interface ReviewReminder {
  /** the reminder's number among the review's reminders (1, 2, …): a retry with the same number does nothing */
  sequence: number;
  /** when the reminder was due (deadline − N days) */
  dueAt: Date;
  /** when it was sent */
  at: Date;
}

/** Records a reminder of a pending review once per sequence number; true when this call recorded it. */
export async function recordReviewReminder(
  em: EntityManager,
  reviewId: string,
  reminder: ReviewReminder,
): Promise<boolean> {
  return em.transactional(async (tx) => {
    const review = await tx.findOne(Review, { id: reviewId }, forUpdate(tx));
    if (!review) throw notFound(`Review ${reviewId}`);
    if (review.status !== 'pending' || review.remindersSent >= reminder.sequence) return false;
    const before = {
      remindersSent: review.remindersSent,
      lastRemindedAt: review.lastRemindedAt?.toISOString() ?? null,
    };
    review.remindersSent = reminder.sequence;
    review.lastRemindedAt = reminder.at;
    recordAudit(tx, 'system', 'review.remind', 'review', review.id, before, {
      remindersSent: review.remindersSent,
      lastRemindedAt: reminder.at.toISOString(),
      dueAt: reminder.dueAt.toISOString(),
      reviewerRole: review.reviewerRole,
      deadline: review.deadline.toISOString(),
    });
    await tx.flush();
    return true;
  });
}

/**
 * The deadline passed undecided: the review goes to `to` with a new deadline. Once per review (a retry, or a
 * review decided meanwhile, changes nothing); true when this call escalated it.
 */
export async function escalateReview(
  em: EntityManager,
  reviewId: string,
  escalation: { to: 'hr' | 'admin'; at: Date; deadline: Date },
): Promise<boolean> {
  return em.transactional(async (tx) => {
    const review = await tx.findOne(Review, { id: reviewId }, forUpdate(tx));
    if (!review) throw notFound(`Review ${reviewId}`);
    if (review.status !== 'pending' || review.escalatedAt) return false;
    const before = { reviewerRole: review.reviewerRole, deadline: review.deadline.toISOString(), escalatedAt: null };
    review.reviewerRole = escalation.to;
    review.escalatedAt = escalation.at;
    review.deadline = escalation.deadline;
    recordAudit(tx, 'system', 'review.escalate', 'review', review.id, before, {
      reviewerRole: review.reviewerRole,
      deadline: review.deadline.toISOString(),
      escalatedAt: escalation.at.toISOString(),
    });
    await tx.flush();
    return true;
  });
}
