// A line of the bonus ledger. Written once per (scheme version, employee, period, kind, cause) however
// often a workflow retries; only its status moves (proposed → approved → exported, or rejected).
// Amounts are never edited: a correction is a new `adjustment` or `clawback` line.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { Employee } from './employee.entity.ts';
import { Evaluation } from './evaluation.entity.ts';
import { SchemeVersion } from './scheme-version.entity.ts';

export const BONUS_KINDS = ['payout', 'adjustment', 'clawback', 'spiff'] as const;
export type BonusKind = (typeof BONUS_KINDS)[number];
export const BONUS_STATUSES = ['proposed', 'approved', 'exported', 'rejected'] as const;
export type BonusStatus = (typeof BONUS_STATUSES)[number];

export const BonusRecord = defineEntity({
  name: 'BonusRecord',
  tableName: 'bonus_record',
  uniques: [{ properties: ['schemeVersion', 'employee', 'period', 'kind', 'cause'] }],
  indexes: [{ properties: ['period', 'status'] }, { properties: ['employee', 'period'] }],
  properties: {
    id: idProperty(),
    schemeVersion: () => p.manyToOne(SchemeVersion).mapToPk(),
    employee: () => p.manyToOne(Employee).mapToPk(),
    period: p.string().length(16),
    kind: p.string().length(16).$type<BonusKind>(),
    /** why the line exists: `period-close`, `review:<id>`, a CRM deal id…; part of the unique key */
    cause: p.string().length(128),
    /** minor units of `currency`; negative for clawbacks and downward adjustments */
    amountMinor: p.bigint('string'),
    currency: p.string().length(3),
    status: p.string().length(16).$type<BonusStatus>().default('proposed'),
    /** computed by a pilot version: never exported, never paid */
    shadow: p.boolean().default(false),
    /** the evaluation that produced the amount */
    evaluation: () => p.manyToOne(Evaluation).mapToPk().nullable(),
    /** a human note: the reviewer's reason for an adjustment */
    note: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type BonusRecord = InferEntity<typeof BonusRecord>;
