// Stores accepted deliveries, their events and enrichment rows before the answer: insert-if-absent on the delivery key
// and on (source, externalId), so redeliveries, retries and repeated items store nothing twice. Concurrent deliveries
// share one transaction (group commit) and multi-row statements: the webhook path's speed is its cost per commit.
import type { EntityManager } from '@mikro-orm/sql';
import { newId, newTimeOrderedId } from '../../db/entities/base.ts';
import { Delivery } from '../../db/entities/delivery.entity.ts';
import { Enrichment } from '../../db/entities/enrichment.entity.ts';
import type { Source } from '../../db/entities/source.entity.ts';
import { dialectOf } from '../../db/migrations/dialect.ts';
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

export interface DeliveryToIngest {
  source: Source;
  deliveryKey: string;
  contentType: string | null;
  body: string;
  events: NormalizedEvent[];
  defaultCurrency: string;
  /** hints that become events only after a REST re-read: queued in the same transaction */
  enrichments?: EnrichmentItem[];
  skipped?: { ref: string; reason: string }[];
}

/**
 * Stores the delivery with its events and enrichment rows, then answers. Deliveries arriving while a write is in
 * flight wait and go together in the next transaction (group commit): one commit and a handful of multi-row
 * statements for all of them, each still accepted or refused as if alone. An item the batch cannot store (a
 * constraint no check foresaw) is retried alone, so only it fails.
 */
export async function ingestDelivery(em: EntityManager, input: DeliveryToIngest): Promise<IngestResult> {
  // content problems (an amount finer than its currency) are this delivery's alone: refused before the queue
  const item = { input, rows: input.events.map((event) => toStoredRow(event, input.defaultCurrency)) };
  return writerOf(em).submit(item);
}

interface QueuedDelivery {
  input: DeliveryToIngest;
  rows: EventRow[];
}

interface Writer {
  submit(item: QueuedDelivery): Promise<IngestResult>;
}

/** At most this many deliveries share a transaction. */
const GROUP_LIMIT = 200;
/** One writer per database (ORM driver), shared by every request of that app. */
const writers = new WeakMap<object, Writer>();

function writerOf(em: EntityManager): Writer {
  const key = em.getDriver();
  let writer = writers.get(key);
  if (!writer) {
    writer = createWriter(em.fork());
    writers.set(key, writer);
  }
  return writer;
}

function createWriter(root: EntityManager): Writer {
  const queue: { item: QueuedDelivery; resolve(result: IngestResult): void; reject(error: unknown): void }[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (queue.length > 0) {
        const group = queue.splice(0, GROUP_LIMIT);
        try {
          const results = await root.fork().transactional((tx) =>
            storeDeliveries(
              tx,
              group.map((q) => q.item),
            ),
          );
          for (const [i, queued] of group.entries()) queued.resolve(results[i] as IngestResult);
        } catch (error) {
          if (group.length === 1) (group[0] as (typeof group)[number]).reject(error);
          else {
            for (const queued of group) {
              await root
                .fork()
                .transactional((tx) => storeDeliveries(tx, [queued.item]))
                .then((results) => queued.resolve(results[0] as IngestResult), queued.reject);
            }
          }
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    submit(item) {
      return new Promise((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // after this turn of the event loop: the deliveries read in the same turn join the group
        if (!writing) {
          writing = true;
          setImmediate(() => void drain());
        }
      });
    },
  };
}

/** Stores a group of deliveries in the caller's transaction; answers in the same order. */
async function storeDeliveries(tx: EntityManager, items: QueuedDelivery[]): Promise<IngestResult[]> {
  const sql = sqlOf(tx);
  const receivedAt = new Date();
  const ids = items.map(() => newTimeOrderedId());
  const inserted = new Set(
    (
      await sql.insertRows(
        'delivery',
        ['id', 'source_id', 'delivery_key', 'status', 'skipped', 'content_type', 'body', 'received_at'],
        items.map(({ input }, i) => [
          ids[i],
          input.source.id,
          input.deliveryKey,
          'accepted',
          input.skipped && input.skipped.length > 0 ? JSON.stringify(input.skipped) : null,
          input.contentType,
          input.body,
          sql.instant(receivedAt),
        ]),
        'on conflict (source_id, delivery_key) do nothing returning id',
      )
    ).map((row) => row.id as string),
  );

  // redeliveries: the log shows each, pointing at the delivery it repeats (whose body it is)
  const keyOf = (item: QueuedDelivery) => `${item.input.source.id}\n${item.input.deliveryKey}`;
  const repeated = items.flatMap((item, i) => (inserted.has(ids[i] as string) ? [] : [{ item, id: ids[i] as string }]));
  const earlier = new Map<string, string>();
  if (repeated.length > 0) {
    const keys = await tx.find(
      Delivery,
      { $or: repeated.map(({ item }) => ({ source: item.input.source.id, deliveryKey: item.input.deliveryKey })) },
      { fields: ['id', 'source', 'deliveryKey'] },
    );
    for (const row of keys) earlier.set(`${row.source}\n${row.deliveryKey}`, row.id);
    await sql.insertRows(
      'delivery',
      ['id', 'source_id', 'delivery_key', 'status', 'duplicate_of', 'content_type', 'body', 'received_at'],
      repeated.map(({ item, id }) => [
        id,
        item.input.source.id,
        null,
        'duplicate',
        earlier.get(keyOf(item)) ?? null,
        item.input.contentType,
        '',
        sql.instant(receivedAt),
      ]),
    );
  }

  const accepted = items.flatMap((item, i) =>
    inserted.has(ids[i] as string)
      ? [{ sourceId: item.input.source.id, deliveryId: ids[i] as string, rows: item.rows }]
      : [],
  );
  const stored = await insertEvents(tx, accepted);

  const results: IngestResult[] = [];
  for (const [i, item] of items.entries()) {
    const id = ids[i] as string;
    if (!inserted.has(id)) {
      results.push({
        status: 'duplicate',
        deliveryId: earlier.get(keyOf(item)) ?? id,
        stored: [],
        duplicates: item.rows.length,
        unmapped: 0,
        newlyDirty: 0,
        enrichments: [],
      });
      continue;
    }
    const enrichments: string[] = [];
    for (const hint of item.input.enrichments ?? []) {
      const enrichmentId = newId();
      await tx.insert(Enrichment, {
        id: enrichmentId,
        source: item.input.source.id,
        delivery: id,
        item: { ...hint },
        stateKey: hint.stateKey,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: receivedAt,
        lastError: null,
        createdAt: receivedAt,
        updatedAt: receivedAt,
      });
      enrichments.push(enrichmentId);
    }
    results.push({ status: 'accepted', deliveryId: id, ...(stored.get(id) as StoredEvents), enrichments });
  }
  return results;
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
  const key = input.deliveryId ?? '';
  const stored = await insertEvents(tx, [{ sourceId: input.sourceId, deliveryId: key, rows }]);
  return stored.get(key) as StoredEvents;
}

/**
 * Inserts the events of several deliveries (delivery id '' = none) with multi-row statements; answers what each
 * delivery stored. Within a delivery a repeated event counts once (the first wins, as the unique key would decide);
 * across deliveries the earlier one stores it and the later counts a duplicate, as if they came one by one.
 */
async function insertEvents(
  tx: EntityManager,
  deliveries: { sourceId: string; deliveryId: string; rows: EventRow[] }[],
): Promise<Map<string, StoredEvents>> {
  const sql = sqlOf(tx);
  const employeeOf = new Map<string, Map<string, string>>();
  for (const [sourceId, ofSource] of Map.groupBy(deliveries, (d) => d.sourceId)) {
    const crmUsers = ofSource.flatMap((d) =>
      d.rows.flatMap((r) => (r.externalEmployeeId === null ? [] : [r.externalEmployeeId])),
    );
    employeeOf.set(sourceId, await employeesOfCrmUsers(tx, sourceId, crmUsers));
  }

  const now = sql.instant(new Date());
  const planned = deliveries.flatMap((delivery) =>
    [...new Map(delivery.rows.map((row) => [row.externalId, row])).values()].map((row) => ({
      id: newTimeOrderedId(),
      delivery,
      row,
      employee: row.externalEmployeeId
        ? (employeeOf.get(delivery.sourceId)?.get(row.externalEmployeeId) ?? null)
        : null,
    })),
  );
  const storedIds = new Set<string>();
  for (let at = 0; at < planned.length; at += EVENT_CHUNK) {
    const chunk = planned.slice(at, at + EVENT_CHUNK);
    const returned = await sql.insertRows(
      'event',
      [
        'id',
        'source_id',
        'external_id',
        'type',
        'occurred_at',
        'employee_id',
        'external_employee_id',
        'amount_minor',
        'currency',
        'attributes',
        'delivery_id',
        'created_at',
      ],
      chunk.map(({ id, delivery, row, employee }) => [
        id,
        delivery.sourceId,
        row.externalId,
        row.type,
        sql.instant(row.occurredAt),
        employee,
        row.externalEmployeeId,
        row.amountMinor,
        row.currency,
        JSON.stringify(row.attributes ?? {}),
        delivery.deliveryId === '' ? null : delivery.deliveryId,
        now,
      ]),
      'on conflict (source_id, external_id) do nothing returning id',
    );
    for (const r of returned) storedIds.add(r.id as string);
  }

  const results = new Map<string, StoredEvents>(
    deliveries.map((d) => [d.deliveryId, { stored: [], duplicates: d.rows.length, unmapped: 0, newlyDirty: 0 }]),
  );
  const attributed = new Map<string, string>(); // employee → the delivery that first stored an event of theirs
  const deals = new Map<string, Set<string>>();
  for (const { id, delivery, row, employee } of planned) {
    if (!storedIds.has(id)) continue;
    const result = results.get(delivery.deliveryId) as StoredEvents;
    result.stored.push(id);
    result.duplicates -= 1;
    if (employee === null) result.unmapped += 1;
    else if (!attributed.has(employee)) attributed.set(employee, delivery.deliveryId);
    const deal = dealOf(row.externalId);
    if (deal !== null) deals.set(delivery.sourceId, (deals.get(delivery.sourceId) ?? new Set()).add(deal));
  }
  // a deal event learned late, or an owner change learned late, may move earlier attributions
  for (const [sourceId, ofSource] of deals) await reattributeDeals(tx, sourceId, ofSource);
  for (const employee of await markDirty(tx, attributed.keys())) {
    (results.get(attributed.get(employee) as string) as StoredEvents).newlyDirty += 1;
  }
  return results;
}

/** Events per multi-row insert: 12 parameters each stays far below every driver's limit. */
const EVENT_CHUNK = 500;

/** Raw multi-row SQL in the caller's transaction, with values in the dialect's column formats. */
function sqlOf(tx: EntityManager) {
  const dialect = dialectOf(tx.config);
  return {
    /** a time as the ORM stores it: epoch milliseconds on SQLite, an ISO instant on PostgreSQL */
    instant: (at: Date): unknown => (dialect === 'postgresql' ? at.toISOString() : at.getTime()),
    async insertRows(
      table: string,
      columns: string[],
      rows: unknown[][],
      tail = '',
    ): Promise<Record<string, unknown>[]> {
      if (rows.length === 0) return [];
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const statement = `insert into ${table} (${columns.join(', ')}) values ${rows.map(() => tuple).join(', ')} ${tail}`;
      const answer = await tx.execute(statement, rows.flat(), tail.includes('returning') ? 'all' : 'run');
      return Array.isArray(answer) ? (answer as Record<string, unknown>[]) : [];
    },
  };
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
