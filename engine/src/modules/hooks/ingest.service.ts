// Stores one accepted delivery and its events in one transaction: insert-if-absent on the delivery key
// and on (source, externalId), so redeliveries, retries and repeated items store nothing twice.
import type { EntityManager } from '@mikro-orm/sql';
import { newId } from '../../db/entities/base.ts';
import { Delivery } from '../../db/entities/delivery.entity.ts';
import { EmployeeExternalId } from '../../db/entities/employee-external-id.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import type { Source } from '../../db/entities/source.entity.ts';
import { AppError } from '../../lib/errors.ts';
import { toMinor } from '../../lib/money.ts';
import type { NormalizedEvent } from './normalized-event.ts';

export interface IngestResult {
  status: 'accepted' | 'duplicate';
  deliveryId: string;
  stored: string[];
  duplicates: number;
  unmapped: number;
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
  },
): Promise<IngestResult> {
  const rows = input.events.map((event) => toRow(event, input.defaultCurrency));
  return em.transactional(async (tx) => {
    const deliveryId = newId();
    const inserted = await tx
      .createQueryBuilder(Delivery)
      .insert({
        id: deliveryId,
        source: input.source.id,
        deliveryKey: input.deliveryKey,
        status: 'accepted',
        contentType: input.contentType,
        body: input.body,
        receivedAt: new Date(),
      })
      .onConflict(['source', 'deliveryKey'])
      .ignore()
      .execute('run');
    if (inserted.affectedRows === 0) {
      const earlier = await tx.findOneOrFail(Delivery, { source: input.source.id, deliveryKey: input.deliveryKey });
      return { status: 'duplicate', deliveryId: earlier.id, stored: [], duplicates: rows.length, unmapped: 0 };
    }

    // A batch may repeat an event; the first occurrence wins, as the unique key would decide anyway.
    const unique = [...new Map(rows.map((row) => [row.externalId, row])).values()];
    const crmUsers = [...new Set(unique.map((r) => r.externalEmployeeId).filter((id): id is string => id !== null))];
    const mappings = await tx.find(EmployeeExternalId, { source: input.source.id, externalId: { $in: crmUsers } });
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
          source: input.source.id,
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
    return { status: 'accepted', deliveryId, stored, duplicates: rows.length - stored.length, unmapped };
  });
}

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
