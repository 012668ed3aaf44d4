// The enrichment outbox: CRM hints stored with their delivery are completed here, after the webhook was
// answered. Each due row is re-read through the CRM's REST API, compared with the object's stored state, and
// turned into events, all in one transaction per row; failures back off and end as `failed` (replayable).
import { Enrichment } from '../../db/entities/enrichment.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import { Source } from '../../db/entities/source.entity.ts';
import { isPostgres, type Orm } from '../../db/orm.ts';
import type { EngineEnv } from '../../env.ts';
import type { Logger } from '../../lib/logger.ts';
import { createSweeper, type Sweeper } from '../../lib/sweeper.ts';
import type { EventDispatcher } from '../events/event-dispatcher.ts';
import { crmAdapters, EnrichmentError, type EnrichmentItem } from './adapters/index.ts';
import {
  type CrmFailure,
  classifyFailure,
  createCrmCall,
  isCrmKind,
  loadState,
  lockObject,
  objectLockKey,
  saveState,
  sourceConfig,
} from './crm-api.ts';
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

const BATCH = 50;
const MAX_DELAY_MS = 60 * 60 * 1000;

export function createEnrichmentWorker(deps: {
  orm: Orm;
  logger: Logger;
  dispatcher: EventDispatcher;
  options: EnrichmentOptions;
  fetch?: typeof fetch;
}): EnrichmentWorker {
  const perform = createCrmCall({ timeoutMs: deps.options.timeoutMs, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const postgres = isPostgres(deps.orm);

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
      // one lock per object (or per row, for stateless items): see lockObject
      await lockObject(tx, postgres, item.stateKey ? objectLockKey(row.source, item.stateKey) : `enrichment|${row.id}`);
      const current = await tx.findOne(Enrichment, { id: row.id });
      if (current?.status !== 'pending') return 0; // replayed or finished meanwhile
      const state = item.stateKey ? await loadState(tx, row.source, item.stateKey) : null;
      const result = adapter.enrich(config, item, response, state);
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

  async function fail(row: Enrichment, failure: CrmFailure): Promise<void> {
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
          await fail(row, classifyFailure(error));
        }
      }
      // alerts should still arrive in seconds: hand the new events to Temporal now
      if (stored > 0) void deps.dispatcher.kick();
      if (due.length < BATCH) return;
    }
  }

  return createSweeper(enrichDue, deps.logger, 'enrichment sweep failed; will retry');
}
