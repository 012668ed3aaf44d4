// One webhook delivery as received: raw body, verdict and the key that makes redeliveries no-ops.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { Source } from './source.entity.ts';

/**
 * accepted: stored; duplicate: a redelivery of an accepted one (stores nothing); rejected: refused, with the
 * reason; test: a sample run from the studio (POST /api/sources/{id}/test), which stores no events
 */
export const DELIVERY_STATUSES = ['accepted', 'duplicate', 'rejected', 'test'] as const;

export const Delivery = defineEntity({
  name: 'Delivery',
  tableName: 'delivery',
  uniques: [{ properties: ['source', 'deliveryKey'] }],
  properties: {
    id: idProperty(),
    source: () => p.manyToOne(Source).mapToPk().deleteRule('cascade'),
    /** the CRM's delivery id, or a SHA-256 of the body; null for rejected and duplicate deliveries */
    deliveryKey: p.string().nullable(),
    status: p.string().length(16).$type<(typeof DELIVERY_STATUSES)[number]>(),
    error: p.json<{ code: string; message: string; details?: unknown }>().nullable(),
    /** a duplicate's earlier, accepted delivery */
    duplicateOf: p.string().length(64).nullable(),
    /** parts of an accepted delivery that carry nothing for KPIs, with the reason */
    skipped: p.json<{ ref: string; reason: string }[]>().nullable(),
    contentType: p.string().nullable(),
    body: p.text(),
    receivedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Delivery = InferEntity<typeof Delivery>;
