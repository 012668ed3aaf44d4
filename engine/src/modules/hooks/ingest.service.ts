// Stores one accepted delivery, its events and its enrichment rows in one transaction: insert-if-absent on the delivery key
// and on (source, externalId), so redeliveries, retries and repeated items store nothing twice.
import type { EntityManager } from '@mikro-orm/sql';
import { newId } from '../../db/entities/base.ts';
import { Delivery } from '../../db/entities/delivery.entity.ts';
import { EmployeeExternalId } from '../../db/entities/employee-external-id.entity.ts';
import { Enrichment } from '../../db/entities/enrichment.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import type { Source } from '../../db/entities/source.entity.ts';
import { AppError } from '../../lib/errors.ts';
import { toMinor } from '../../lib/money.ts';
import type { EnrichmentItem } from './adapters/index.ts';
import type { NormalizedEvent } from './normalized-event.ts';

export interface IngestResult {
  status: 'accepted' | 'duplicate';
  deliveryId: string;
  stored: string[];
  duplicates: number;
  unmapped: number;
  /** ids of the enrichment rows (REST re-reads) this delivery queued */
  enrichments: string[];
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
  const rows = input.events.map((event) => toRow(event, input.defaultCurrency));
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
      return {
        status: 'duplicate',
        deliveryId: earlier.id,
        stored: [],
        duplicates: rows.length,
        unmapped: 0,
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
): Promise<{ stored: string[]; duplicates: number; unmapped: number }> {
  const rows = input.events.map((event) => toRow(event, input.defaultCurrency));
  return insertEvents(tx, input.sourceId, input.deliveryId, rows);
}

async function insertEvents(
  tx: EntityManager,
  sourceId: string,
  deliveryId: string | null,
  rows: EventRow[],
): Promise<{ stored: string[]; duplicates: number; unmapped: number }> {
  // A batch may repeat an event; the first occurrence wins, as the unique key would decide anyway.
  const unique = [...new Map(rows.map((row) => [row.externalId, row])).values()];
  const crmUsers = [...new Set(unique.map((r) => r.externalEmployeeId).filter((id): id is string => id !== null))];
  const mappings =
    crmUsers.length === 0 ? [] : await tx.find(EmployeeExternalId, { source: sourceId, externalId: { $in: crmUsers } });
  const employeeOf = new Map(mappings.map((m) => [m.externalId, m.employee]));

  const stored: string[] = [];
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
    }
  }
  return { stored, duplicates: rows.length - stored.length, unmapped };
}

type EventRow = ReturnType<typeof toRow>;

function toRow(event: NormalizedEvent, defaultCurrency: string) {
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
