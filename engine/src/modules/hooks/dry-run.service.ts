// A sample delivery run through a source's parser or mapping, and attributed, without verifying a signature and
// without storing events: what a real delivery would store, for the studio's "send a test payload". The run is
// logged as a delivery with status `test` so the log shows it.
import type { EntityManager } from '@mikro-orm/sql';
import { newId } from '../../db/entities/base.ts';
import { Delivery } from '../../db/entities/delivery.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import type { Source } from '../../db/entities/source.entity.ts';
import { AppError } from '../../lib/errors.ts';
import { crmAdapters, type RawDelivery } from './adapters/index.ts';
import { employeesOfCrmUsers } from './attribution.ts';
import { isCrmKind, sourceConfig } from './crm-api.ts';
import { parseGenericSource } from './generic.adapter.ts';
import { toStoredRow } from './ingest.service.ts';
import type { NormalizedEvent } from './normalized-event.ts';

export interface DryRunInput {
  body: string;
  contentType: string | null;
  /** the hook URL the sample pretends to have been posted to */
  url: string;
  /** unsaved settings to try instead of the source's (already validated) */
  settings?: Record<string, unknown> | undefined;
}

export interface DryRunResult {
  events: {
    externalId: string;
    type: string;
    occurredAt: string;
    externalEmployeeId: string | null;
    /** null: the CRM user maps to no employee (the event would be stored unmapped) */
    employeeId: string | null;
    amount: string | null;
    currency: string | null;
    attributes: Record<string, unknown>;
  }[];
  skipped: { ref: string; reason: string }[];
  /** CRM objects a real delivery would queue for a REST re-read */
  enrichments: { object: string; id: string }[];
  deliveryId: string;
}

/**
 * Parses and attributes `input` as `source` would; logs a `test` delivery either way. Throws the AppError a real
 * delivery would get (after logging it) when the sample would be refused.
 */
export async function dryRunDelivery(em: EntityManager, source: Source, input: DryRunInput): Promise<DryRunResult> {
  const log = async (error: AppError | null, skipped: { ref: string; reason: string }[]) => {
    const id = newId();
    await em.fork().insert(Delivery, {
      id,
      source: source.id,
      deliveryKey: null,
      status: 'test',
      error:
        error === null
          ? null
          : {
              code: error.code,
              message: error.message,
              ...(error.details === undefined ? {} : { details: error.details }),
            },
      skipped: skipped.length > 0 ? skipped : null,
      contentType: input.contentType,
      body: input.body.slice(0, 64 * 1024),
      receivedAt: new Date(),
    });
    await forgetOldTests(em, source.id);
    return id;
  };

  let parsed: {
    events: NormalizedEvent[];
    skipped: { ref: string; reason: string }[];
    enrichments: DryRunResult['enrichments'];
  };
  try {
    parsed = await parse(source, input);
    const organization = await em.findOneOrFail(Organization, { id: 1 });
    // the currency and minor amount a stored event would get, refused as ingestion refuses it
    parsed.events = parsed.events.map((event) => toStoredRow(event, organization.currency));
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      await log(error, []);
    }
    throw error;
  }
  const employeeOf = await employeesOfCrmUsers(
    em,
    source.id,
    parsed.events.flatMap((e) => (e.externalEmployeeId === null ? [] : [e.externalEmployeeId])),
  );
  const deliveryId = await log(null, parsed.skipped);
  return {
    events: parsed.events.map((event) => ({
      externalId: event.externalId,
      type: event.type,
      occurredAt: event.occurredAt.toISOString(),
      externalEmployeeId: event.externalEmployeeId,
      employeeId: event.externalEmployeeId === null ? null : (employeeOf.get(event.externalEmployeeId) ?? null),
      amount: event.amount,
      currency: event.currency,
      attributes: event.attributes,
    })),
    skipped: parsed.skipped,
    enrichments: parsed.enrichments,
    deliveryId,
  };
}

async function parse(source: Source, input: DryRunInput) {
  if (isCrmKind(source.kind)) {
    const config = { ...sourceConfig(source), ...(input.settings ? { settings: input.settings } : {}) };
    const delivery: RawDelivery = {
      method: 'POST',
      url: input.url,
      headers: input.contentType === null ? {} : { 'content-type': input.contentType },
      body: Buffer.from(input.body, 'utf8'),
      receivedAt: new Date(),
    };
    const result = crmAdapters[config.kind].parse(config, delivery);
    return {
      events: result.items.flatMap((item) => (item.kind === 'event' ? [item.event] : [])),
      skipped: result.skipped,
      enrichments: result.items.flatMap((item) =>
        item.kind === 'enrich' ? [{ object: item.object, id: item.id }] : [],
      ),
    };
  }
  if (source.kind !== 'generic') {
    throw new AppError(422, 'webhook.kind_unsupported', `Sources of kind ${source.kind} are not supported yet`);
  }
  // a draft gets its own cache entry, so trying one does not evict the compiled mapping deliveries use
  const target = input.settings ? { id: `${source.id}#draft`, settings: input.settings } : source;
  const result = await parseGenericSource(target, input.body, {
    get: (name) => (name.toLowerCase() === 'content-type' ? (input.contentType ?? undefined) : undefined),
  });
  return { events: result.events, skipped: result.skipped ?? [], enrichments: [] };
}

/** Test runs kept in a source's log: enough to look back on an editing session, not a growing pile. */
export const TESTS_KEPT = 50;

async function forgetOldTests(em: EntityManager, sourceId: string): Promise<void> {
  const fork = em.fork();
  const kept = await fork.find(
    Delivery,
    { source: sourceId, status: 'test' },
    { orderBy: { receivedAt: 'desc', id: 'asc' }, limit: TESTS_KEPT, fields: ['id'] },
  );
  if (kept.length < TESTS_KEPT) return;
  await fork.nativeDelete(Delivery, { source: sourceId, status: 'test', id: { $nin: kept.map((d) => d.id) } });
}
