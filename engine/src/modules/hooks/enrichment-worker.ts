// The enrichment outbox: CRM hints stored with their delivery are completed here, after the webhook was
// answered. Each due row is re-read through the CRM's REST API, compared with the object's stored state, and
// turned into events, all in one transaction per row; failures back off and end as `failed` (replayable).
import type { EntityManager } from '@mikro-orm/sql';
import { newId } from '../../db/entities/base.ts';
import { Enrichment } from '../../db/entities/enrichment.entity.ts';
import { ObjectState } from '../../db/entities/object-state.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import { Source } from '../../db/entities/source.entity.ts';
import { isPostgres, type Orm } from '../../db/orm.ts';
import type { EngineEnv } from '../../env.ts';
import { AppError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { createSweeper, type Sweeper } from '../../lib/sweeper.ts';
import type { EventDispatcher } from '../events/event-dispatcher.ts';
import {
  CRM_KINDS,
  type CrmKind,
  crmAdapters,
  type DealState,
  EnrichmentError,
  type EnrichmentItem,
  type EnrichmentRequest,
  type EnrichmentResponse,
  type SourceConfig,
} from './adapters/index.ts';
import { storeEvents } from './ingest.service.ts';

/** Works through the rows due when kicked and on an interval; concurrent kicks share one run. */
export type EnrichmentWorker = Sweeper;

export interface EnrichmentOptions {
  /** per REST call */
  timeoutMs: number;
  /** attempts before a retryable failure is given up as `failed` */
  maxAttempts: number;
  /** the first retry's delay; each further one doubles, up to an hour */
  retryBaseMs: number;
}

export function enrichmentOptions(env: EngineEnv): EnrichmentOptions {
  return {
    timeoutMs: env.ENRICH_TIMEOUT_MS,
    maxAttempts: env.ENRICH_MAX_ATTEMPTS,
    retryBaseMs: env.ENRICH_RETRY_BASE_MS,
  };
}

interface Failure {
  code: string;
  message: string;
  retryable: boolean;
}

const BATCH = 50;
const MAX_DELAY_MS = 60 * 60 * 1000;

export function isCrmKind(kind: string): kind is CrmKind {
  return (CRM_KINDS as readonly string[]).includes(kind);
}

export function sourceConfig(source: Source): SourceConfig {
  if (!isCrmKind(source.kind)) throw new AppError(500, 'webhook.not_a_crm', `${source.kind} has no CRM adapter`);
  return { id: source.id, kind: source.kind, secret: source.secret ?? null, settings: source.settings ?? {} };
}

export function createEnrichmentWorker(deps: {
  orm: Orm;
  logger: Logger;
  dispatcher: EventDispatcher;
  options: EnrichmentOptions;
  fetch?: typeof fetch;
}): EnrichmentWorker {
  const doFetch = deps.fetch ?? fetch;
  const postgres = isPostgres(deps.orm);

  async function perform(request: EnrichmentRequest): Promise<EnrichmentResponse> {
    let response: Response;
    try {
      response = await doFetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: AbortSignal.timeout(deps.options.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new EnrichmentError(
        timedOut ? 'enrich.timeout' : 'enrich.network',
        timedOut
          ? `No answer from ${new URL(request.url).host} within ${deps.options.timeoutMs} ms`
          : `${new URL(request.url).host} unreachable: ${(error as Error).message}`,
        true,
      );
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: the adapter sees the text and refuses it
    }
    return { status: response.status, body };
  }

  async function enrichOne(row: Enrichment, defaultCurrency: string): Promise<number> {
    const em = deps.orm.em.fork();
    const source = await em.findOne(Source, { id: row.source });
    if (!source || !isCrmKind(source.kind)) {
      throw new EnrichmentError('enrich.no_source', `Source ${row.source} has no CRM adapter`, false);
    }
    const config = sourceConfig(source);
    const adapter = crmAdapters[config.kind];
    const item = row.item as unknown as EnrichmentItem;
    const request = adapter.enrichmentRequest(config, item);
    const response = request === null ? null : await perform(request);

    return em.transactional(async (tx) => {
      // Engine replicas may work the same object at once: on PostgreSQL one transaction-scoped lock per
      // object (or per row, for stateless items) makes the read-compare-write of its state serial, so no
      // replica overwrites a newer state with one computed from an older read. SQLite has one writer.
      if (postgres) {
        await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [
          item.stateKey ? `${row.source}|${item.stateKey}` : `enrichment|${row.id}`,
        ]);
      }
      const current = await tx.findOne(Enrichment, { id: row.id });
      if (current?.status !== 'pending') return 0; // replayed or finished meanwhile
      const state = item.stateKey
        ? await tx.findOne(ObjectState, { source: row.source, stateKey: item.stateKey })
        : null;
      const result = adapter.enrich(config, item, response, (state?.state as DealState | undefined) ?? null);
      if (item.stateKey && result.newState) await saveState(tx, row.source, item.stateKey, result.newState);
      const stored = await storeEvents(tx, {
        sourceId: row.source,
        deliveryId: row.delivery,
        events: result.events,
        defaultCurrency,
      });
      await tx.nativeUpdate(
        Enrichment,
        { id: row.id },
        { status: 'done', attempts: row.attempts + 1, lastError: null, updatedAt: new Date() },
      );
      return stored.stored.length;
    });
  }

  async function fail(row: Enrichment, failure: Failure): Promise<void> {
    const attempts = row.attempts + 1;
    const retry = failure.retryable && attempts < deps.options.maxAttempts;
    const delay = Math.min(deps.options.retryBaseMs * 2 ** (attempts - 1), MAX_DELAY_MS);
    const now = new Date();
    const changed = await deps.orm.em.fork().nativeUpdate(
      Enrichment,
      { id: row.id, status: 'pending' },
      {
        status: retry ? 'pending' : 'failed',
        attempts,
        nextAttemptAt: retry ? new Date(now.getTime() + delay) : row.nextAttemptAt,
        lastError: failure,
        updatedAt: now,
      },
    );
    if (changed === 0) return; // finished or replayed meanwhile (e.g. by a restarted engine)
    deps.logger.warn(
      { enrichmentId: row.id, sourceId: row.source, attempts, error: failure, retryInMs: retry ? delay : null },
      retry ? 'enrichment failed; will retry' : 'enrichment failed',
    );
  }

  async function enrichDue(): Promise<void> {
    const organization = await deps.orm.em.fork().findOneOrFail(Organization, { id: 1 });
    for (;;) {
      const due = await deps.orm.em
        .fork()
        .find(
          Enrichment,
          { status: 'pending', nextAttemptAt: { $lte: new Date() } },
          { orderBy: { nextAttemptAt: 'asc', createdAt: 'asc', id: 'asc' }, limit: BATCH },
        );
      if (due.length === 0) return;
      let stored = 0;
      for (const row of due) {
        try {
          stored += await enrichOne(row, organization.currency);
        } catch (error) {
          await fail(row, classify(error));
        }
      }
      // alerts should still arrive in seconds: hand the new events to Temporal now
      if (stored > 0) void deps.dispatcher.kick();
      if (due.length < BATCH) return;
    }
  }

  return createSweeper(enrichDue, deps.logger, 'enrichment sweep failed; will retry');
}

async function saveState(tx: EntityManager, source: string, stateKey: string, state: DealState): Promise<void> {
  const now = new Date();
  await tx
    .createQueryBuilder(ObjectState)
    .insert({ id: newId(), source, stateKey, state: { ...state }, updatedAt: now })
    .onConflict(['source', 'stateKey'])
    .merge(['state', 'updatedAt'])
    .execute('run');
}

function classify(error: unknown): Failure {
  if (error instanceof EnrichmentError) {
    return { code: error.code, message: error.message, retryable: error.retryable };
  }
  // an invalid amount or misconfigured settings will not fix themselves: replay after fixing them
  if (error instanceof AppError) return { code: error.code, message: error.message, retryable: false };
  // the database or anything unforeseen: worth another try
  return { code: 'enrich.internal', message: (error as Error)?.message ?? String(error), retryable: true };
}
