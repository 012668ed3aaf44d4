// Nonces of signed deliveries seen within the replay window (Twenty sends a random one per HTTP attempt):
// a captured request replayed inside the window is refused, not just deduplicated.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { Source } from './source.entity.ts';

export const WebhookNonce = defineEntity({
  name: 'WebhookNonce',
  tableName: 'webhook_nonce',
  uniques: [{ properties: ['source', 'nonce'] }],
  indexes: [{ properties: ['seenAt'] }],
  properties: {
    id: idProperty(),
    source: () => p.manyToOne(Source).mapToPk().deleteRule('cascade'),
    nonce: p.string().length(128),
    seenAt: p.datetime(),
  },
});
export type WebhookNonce = InferEntity<typeof WebhookNonce>;
