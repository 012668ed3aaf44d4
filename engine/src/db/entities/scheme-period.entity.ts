// The close of one period of one scheme version: `closing` while the evaluate-scheme workflow evaluates and
// proposes, `reviewing` while proposed lines wait for their reviews, `locked` once every review is decided. A
// locked period takes no further `period-close` proposals.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { SchemeVersion } from './scheme-version.entity.ts';

export const SCHEME_PERIOD_STATUSES = ['closing', 'reviewing', 'locked'] as const;
export type SchemePeriodStatus = (typeof SCHEME_PERIOD_STATUSES)[number];

export const SchemePeriod = defineEntity({
  name: 'SchemePeriod',
  tableName: 'scheme_period',
  uniques: [{ properties: ['schemeVersion', 'period'] }],
  properties: {
    id: idProperty(),
    schemeVersion: () => p.manyToOne(SchemeVersion).mapToPk(),
    period: p.string().length(32),
    status: p.string().length(16).$type<SchemePeriodStatus>(),
    /** the close workflow that owns the period */
    workflowId: p.string().length(200),
    /** the employees the close covers */
    participants: p.integer().default(0),
    /** evaluations recorded by the close */
    evaluated: p.integer().default(0),
    /** bonus lines the close proposed */
    proposed: p.integer().default(0),
    /** reviews the proposed lines opened */
    reviews: p.integer().default(0),
    startedAt: p.datetime(),
    reviewingAt: p.datetime().nullable(),
    lockedAt: p.datetime().nullable(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type SchemePeriod = InferEntity<typeof SchemePeriod>;
