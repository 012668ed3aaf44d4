// Stores one accepted delivery, its events and its enrichment rows in one transaction: insert-if-absent on the delivery key
// and on (source, externalId), so redeliveries, retries and repeated items store nothing twice.
import type { EntityManager } from '@mikro-orm/sql';
import { newId } from '../../db/entities/base.ts';
import { Delivery } from '../../db/entities/delivery.entity.ts';
import { Enrichment } from '../../db/entities/enrichment.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import type { Source } from '../../db/entities/source.entity.ts';
import { AppError } from '../../lib/errors.ts';
import { toMinor } from '../../lib/money.ts';
import { markDirty } from '../events/employee-inbox.ts';
import type { EnrichmentItem } from './adapters/index.ts';
import { dealOf, employeesOfCrmUsers, reattributeDeals } from './attribution.ts';
import type { NormalizedEvent } from './normalized-event.ts';

export interface IngestResult {
  status: 'accepted' | 'duplicate';
  deliveryId: string;
  stored: string[];
  duplicates: number;
  unmapped: number;
  /** employees that were clean and now have events waiting: each needs one signal */
  newlyDirty: number;
  /** ids of the enrichment rows (REST re-reads) this delivery queued */
  enrichments: string[];
}

/** What storing a set of events did. */
export interface StoredEvents {
  stored: string[];
  duplicates: number;
  unmapped: number;
  newlyDirty: number;
}

export async function ingestDelivery(
  em: EntityManager,
  input: {
    source: Source;
    deliveryKey: string;
    contentType: string | null;
    body: string;
    events: NormalizedEvent[];
    defaultCurrency: string;
    /** hints that become events only after a REST re-read: queued in the same transaction */
    enrichments?: EnrichmentItem[];
    skipped?: { ref: string; reason: string }[];
  },
): Promise<IngestResult> {
  const rows = input.events.map((event) => toStoredRow(event, input.defaultCurrency));
  return em.transactional(async (tx) => {
    const deliveryId = newId();
    const receivedAt = new Date();
    const inserted = await tx
      .createQueryBuilder(Delivery)
      .insert({
        id: deliveryId,
        source: input.source.id,
        deliveryKey: input.deliveryKey,
        status: 'accepted',
        skipped: input.skipped && input.skipped.length > 0 ? input.skipped : null,
        contentType: input.contentType,
        body: input.body,
        receivedAt,
      })
      .onConflict(['source', 'deliveryKey'])
      .ignore()
      .execute('run');
    if (inserted.affectedRows === 0) {
      const earlier = await tx.findOneOrFail(Delivery, { source: input.source.id, deliveryKey: input.deliveryKey });
      // the log shows the redelivery, pointing at what it repeats; the body is the earlier one's
      await tx.insert(Delivery, {
        id: deliveryId,
        source: input.source.id,
        deliveryKey: null,
        status: 'duplicate',
        duplicateOf: earlier.id,
        contentType: input.contentType,
        body: '',
        receivedAt,
      });
      return {
        status: 'duplicate',
        deliveryId: earlier.id,
        stored: [],
        duplicates: rows.length,
        unmapped: 0,
        newlyDirty: 0,
        enrichments: [],
      };
    }
    const result = await insertEvents(tx, input.source.id, deliveryId, rows);
    const enrichments: string[] = [];
    for (const item of input.enrichments ?? []) {
      const id = newId();
      await tx.insert(Enrichment, {
        id,
        source: input.source.id,
        delivery: deliveryId,
        item: { ...item },
        stateKey: item.stateKey,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: receivedAt,
        lastError: null,
        createdAt: receivedAt,
        updatedAt: receivedAt,
      });
      enrichments.push(id);
    }
    return { status: 'accepted', deliveryId, ...result, enrichments };
  });
}

/**
 * Inserts events if absent on (source, externalId), each attributed to the employee its CRM user maps to
 * (or kept unmapped). Runs inside the caller's transaction: a webhook delivery's, or an enrichment's.
 */
export async function storeEvents(
  tx: EntityManager,
  input: { sourceId: string; deliveryId: string | null; events: NormalizedEvent[]; defaultCurrency: string },
): Promise<StoredEvents> {
  const rows = input.events.map((event) => toStoredRow(event, input.defaultCurrency));
  return insertEvents(tx, input.sourceId, input.deliveryId, rows);
}

async function insertEvents(
  tx: EntityManager,
  sourceId: string,
  deliveryId: string | null,
  rows: EventRow[],
): Promise<StoredEvents> {
  // A batch may repeat an event; the first occurrence wins, as the unique key would decide anyway.
  const unique = [...new Map(rows.map((row) => [row.externalId, row])).values()];
  const employeeOf = await employeesOfCrmUsers(
    tx,
    sourceId,
    unique.flatMap((r) => (r.externalEmployeeId === null ? [] : [r.externalEmployeeId])),
  );

  const stored: string[] = [];
  const attributed = new Set<string>();
  const deals = new Set<string>();
  let unmapped = 0;
  for (const row of unique) {
    const id = newId();
    const employee = row.externalEmployeeId ? (employeeOf.get(row.externalEmployeeId) ?? null) : null;
    const result = await tx
      .createQueryBuilder(Event)
      .insert({
        id,
        source: sourceId,
        externalId: row.externalId,
        type: row.type,
        occurredAt: row.occurredAt,
        employee,
        externalEmployeeId: row.externalEmployeeId,
        amountMinor: row.amountMinor,
        currency: row.currency,
        attributes: row.attributes,
        delivery: deliveryId,
        createdAt: new Date(),
      })
      .onConflict(['source', 'externalId'])
      .ignore()
      .execute('run');
    if (result.affectedRows > 0) {
      stored.push(id);
      if (employee === null) unmapped += 1;
      else attributed.add(employee);
      const deal = dealOf(row.externalId);
      if (deal !== null) deals.add(deal);
    }
  }
  // a deal event learned late, or an owner change learned late, may move earlier attributions
  if (deals.size > 0) await reattributeDeals(tx, sourceId, deals);
  const newlyDirty = await markDirty(tx, attributed);
  return { stored, duplicates: rows.length - stored.length, unmapped, newlyDirty };
}

type EventRow = ReturnType<typeof toStoredRow>;

/** The event as stored: its currency (the organization's when absent) and its amount in minor units (422 when finer). */
export function toStoredRow(event: NormalizedEvent, defaultCurrency: string) {
  const currency = event.amount === null ? event.currency : (event.currency ?? defaultCurrency);
  let amountMinor: string | null = null;
  if (event.amount !== null && currency) {
    try {
      amountMinor = toMinor(event.amount, currency);
    } catch (error) {
      throw new AppError(422, 'webhook.invalid_amount', (error as Error).message, { externalId: event.externalId });
    }
  }
  return { ...event, currency, amountMinor };
}
