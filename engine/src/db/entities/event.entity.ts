// One normalized CRM fact. Append-only; (source, externalId) is unique so a redelivery is a no-op.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { Delivery } from './delivery.entity.ts';
import { Employee } from './employee.entity.ts';
import { Source } from './source.entity.ts';

export const Event = defineEntity({
  name: 'Event',
  tableName: 'event',
  uniques: [{ properties: ['source', 'externalId'] }],
  indexes: [
    { properties: ['employee', 'occurredAt'] },
    { properties: ['dispatchedAt'] },
    { properties: ['dispatchBatch'] },
  ],
  properties: {
    id: idProperty(),
    source: () => p.manyToOne(Source).mapToPk(),
    externalId: p.string(),
    type: p.string().length(64),
    occurredAt: p.datetime(),
    employee: () => p.manyToOne(Employee).mapToPk().nullable(),
    /** the CRM user id the event was attributed from, kept for re-attribution */
    externalEmployeeId: p.string().nullable(),
    /** money in minor units of `currency` */
    amountMinor: p.bigint('string').nullable(),
    currency: p.string().length(3).nullable(),
    attributes: p.json<Record<string, unknown>>().default('{}'),
    delivery: () => p.manyToOne(Delivery).mapToPk().nullable(),
    /** when the employee's workflow took the event (null: waiting; see DirtyEmployee) */
    dispatchedAt: p.datetime().nullable(),
    /** the workflow batch that took it, so a retried take answers the same events */
    dispatchBatch: p.string().length(200).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Event = InferEntity<typeof Event>;
