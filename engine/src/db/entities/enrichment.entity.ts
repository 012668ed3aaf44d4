// The enrichment outbox: one row per CRM hint that needs a REST re-read before it becomes events. Stored in
// the same transaction as its delivery, so a crash after the acknowledgement leaves it pending, never lost.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty, timestamps } from './base.ts';
import { Delivery } from './delivery.entity.ts';
import { Source } from './source.entity.ts';

export const ENRICHMENT_STATUSES = ['pending', 'done', 'failed'] as const;
export type EnrichmentStatus = (typeof ENRICHMENT_STATUSES)[number];

export const Enrichment = defineEntity({
  name: 'Enrichment',
  tableName: 'enrichment',
  indexes: [{ properties: ['status', 'nextAttemptAt'] }],
  properties: {
    id: idProperty(),
    source: () => p.manyToOne(Source).mapToPk().deleteRule('cascade'),
    delivery: () => p.manyToOne(Delivery).mapToPk().deleteRule('cascade'),
    /** the adapter's EnrichmentItem, as JSON */
    item: p.json<Record<string, unknown>>(),
    /** the object whose state the re-read compares with, e.g. `deal:759`; null when none is kept */
    stateKey: p.string().nullable(),
    status: p.string().length(16).$type<EnrichmentStatus>(),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    lastError: p.json<{ code: string; message: string; retryable: boolean }>().nullable(),
    ...timestamps(),
  },
});
export type Enrichment = InferEntity<typeof Enrichment>;
