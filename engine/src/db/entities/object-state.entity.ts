// The last known state of one CRM object (a deal's stage, outcome and owner), per source: what a re-read is
// compared with to derive won, lost and stage changes.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { Source } from './source.entity.ts';

export const ObjectState = defineEntity({
  name: 'ObjectState',
  tableName: 'object_state',
  uniques: [{ properties: ['source', 'stateKey'] }],
  properties: {
    id: idProperty(),
    source: () => p.manyToOne(Source).mapToPk().deleteRule('cascade'),
    stateKey: p.string(),
    /** the adapter's DealState, as JSON */
    state: p.json<Record<string, unknown>>(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type ObjectState = InferEntity<typeof ObjectState>;
