// A human decision on a proposed bonus line: approve, reject or adjust it, before a deadline.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { BonusRecord } from './bonus-record.entity.ts';
import { Employee } from './employee.entity.ts';

export const REVIEW_STATUSES = ['pending', 'approved', 'rejected', 'adjusted'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const Review = defineEntity({
  name: 'Review',
  tableName: 'review',
  indexes: [{ properties: ['status', 'deadline'] }],
  properties: {
    id: idProperty(),
    /** the proposed payout line under review; one review per line */
    bonusRecord: () => p.manyToOne(BonusRecord).mapToPk().unique(),
    employee: () => p.manyToOne(Employee).mapToPk(),
    status: p.string().length(16).$type<ReviewStatus>().default('pending'),
    /** the role the scheme's review policy names; after an escalation, the role it passed to */
    reviewerRole: p.string().length(16).$type<'manager' | 'hr' | 'admin'>(),
    deadline: p.datetime(),
    /** reminders the review workflow sent before its deadlines */
    remindersSent: p.integer().default(0),
    lastRemindedAt: p.datetime().nullable(),
    /** when the deadline passed undecided and the review went to the policy's `escalateTo` role */
    escalatedAt: p.datetime().nullable(),
    /** the user who decided */
    decidedBy: p.string().length(64).nullable(),
    decidedAt: p.datetime().nullable(),
    /** the approval comment, or the reason of a rejection or adjustment */
    comment: p.text().nullable(),
    /** the total the reviewer set, minor units of the line's currency */
    adjustedAmountMinor: p.bigint('string').nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type Review = InferEntity<typeof Review>;
