// Reconciliation polling, per CRM source and list (changed deals, overdue tasks): how far the last poll got,
// so the next one asks only for what changed since (minus an overlap for clock skew), and how it ended.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { Source } from './source.entity.ts';

export const POLL_LISTS = ['deals', 'tasks'] as const;
export type PollList = (typeof POLL_LISTS)[number];

export const SourcePoll = defineEntity({
  name: 'SourcePoll',
  tableName: 'source_poll',
  uniques: [{ properties: ['source', 'list'] }],
  properties: {
    id: idProperty(),
    source: () => p.manyToOne(Source).mapToPk().deleteRule('cascade'),
    list: p.string().length(16).$type<PollList>(),
    /** the start time of the last poll that read every page; the next asks from here (minus the overlap) */
    watermark: p.datetime().nullable(),
    lastPolledAt: p.datetime().nullable(),
    lastError: p.json<{ code: string; message: string }>().nullable(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type SourcePoll = InferEntity<typeof SourcePoll>;
