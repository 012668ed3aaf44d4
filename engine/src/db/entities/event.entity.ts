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
  // Each index costs every stored event: the unique key serves lookups by source, (employee, occurredAt) the KPI
  // queries by employee, (employee, dispatchBatch) the workflow's take of the events waiting for it.
  indexes: [{ properties: ['employee', 'occurredAt'] }, { properties: ['employee', 'dispatchBatch'] }],
  properties: {
    id: idProperty(),
    source: () => p.manyToOne(Source).mapToPk().index(false),
    externalId: p.string(),
    type: p.string().length(64),
    occurredAt: p.datetime(),
    employee: () => p.manyToOne(Employee).mapToPk().nullable().index(false),
    /** the CRM user id the event was attributed from, kept for re-attribution */
    externalEmployeeId: p.string().nullable(),
    /** money in minor units of `currency` */
    amountMinor: p.bigint('string').nullable(),
    currency: p.string().length(3).nullable(),
    attributes: p.json<Record<string, unknown>>().default('{}'),
    delivery: () => p.manyToOne(Delivery).mapToPk().nullable(),
    /** when the employee's workflow took the event */
    dispatchedAt: p.datetime().nullable(),
    /** the workflow batch that took it (null: waiting, see DirtyEmployee), so a retried take answers the same events */
    dispatchBatch: p.string().length(200).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Event = InferEntity<typeof Event>;
