// An immutable version of a scheme: scope, KPI lines, payout and alert rules as plain JSON.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { SchemeDefinition } from '@yardstick/workflows/shared';
import { idProperty } from './base.ts';
import { Scheme } from './scheme.entity.ts';

export const SCHEME_VERSION_STATUSES = ['draft', 'pilot', 'active', 'archived'] as const;
export type SchemeVersionStatus = (typeof SCHEME_VERSION_STATUSES)[number];

export const SchemeVersion = defineEntity({
  name: 'SchemeVersion',
  tableName: 'scheme_version',
  uniques: [{ properties: ['scheme', 'version'] }],
  properties: {
    id: idProperty(),
    scheme: () => p.manyToOne(Scheme).mapToPk(),
    version: p.integer(),
    status: p.string().length(16).$type<SchemeVersionStatus>(),
    effectiveFrom: p.string().length(10),
    effectiveTo: p.string().length(10).nullable(),
    definition: p.json<SchemeDefinition>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    publishedAt: p.datetime().nullable(),
    /** a paused version's schedules are paused: no progress or close runs start by themselves */
    paused: p.boolean().default(false),
  },
});
export type SchemeVersion = InferEntity<typeof SchemeVersion>;
