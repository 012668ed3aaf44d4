// Reconciliation polling: each CRM source with API access in its settings is asked on a schedule for the deals
// changed since its last poll (catching what at-most-once webhooks lost) and for open tasks whose deadline passed
// (no CRM sends task.overdue). Deals go through the same stored-state compare as a webhook's re-read, so a deal
// seen both ways yields one event; a failed poll keeps its watermark, so the next one reads the same window again.
import type { EntityManager } from '@mikro-orm/sql';
import { newId } from '../../db/entities/base.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import { Source } from '../../db/entities/source.entity.ts';
import { type PollList, SourcePoll } from '../../db/entities/source-poll.entity.ts';
import { isPostgres, type Orm } from '../../db/orm.ts';
import type { EngineEnv } from '../../env.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { createSweeper, type Sweeper } from '../../lib/sweeper.ts';
import type { EventDispatcher } from '../events/event-dispatcher.ts';
import { type CrmAdapter, crmAdapters, type PollWindow, type SourceConfig } from './adapters/index.ts';
import { classifyFailure, createCrmCall, isCrmKind, observeDeal, sourceConfig } from './crm-api.ts';
import { storeEvents } from './ingest.service.ts';

export interface ReconcileOptions {
  /** how often each source is polled; 0 disables the schedule (a poll can still be asked for) */
  intervalMs: number;
  /** how far back each poll reaches before the last one's start, for clocks that disagree */
  overlapMs: number;
  /** how far back a source's first poll reaches */
  firstLookbackMs: number;
  /** per REST call */
  timeoutMs: number;
}

export function reconcileOptions(env: EngineEnv): ReconcileOptions {
  return {
    intervalMs: env.RECONCILE_INTERVAL_MS,
    overlapMs: env.RECONCILE_OVERLAP_MS,
    firstLookbackMs: env.RECONCILE_LOOKBACK_MS,
    timeoutMs: env.ENRICH_TIMEOUT_MS,
  };
}

/** What one poll of a source found: deals read, deal events and task.overdue events newly stored. */
export interface ReconcileResult {
  deals: number;
  events: number;
  overdueTasks: number;
  errors: { list: PollList; code: string; message: string }[];
}

export interface ReconciliationStatus {
  enabled: boolean;
  lastPolledAt: string | null;
  lastError: { list: PollList; code: string; message: string } | null;
  nextPollAt: string | null;
}

export interface ReconcileWorker extends Sweeper {
  /** polls one source now, whatever its schedule */
  reconcile(sourceId: string): Promise<ReconcileResult>;
  /** null for a source that is not a CRM or has no API access in its settings */
  status(em: EntityManager, source: Source): Promise<ReconciliationStatus | null>;
  /** starts the schedule (when enabled) */
  startSchedule(): void;
}

/** a cut-off for a runaway list (a CRM that always answers "next") */
const MAX_PAGES = 1000;
/** the schedule looks for due sources this often at most, so a poll is at most this late */
const MAX_TICK_MS = 60_000;

export function createReconcileWorker(deps: {
  orm: Orm;
  logger: Logger;
  dispatcher: EventDispatcher;
  options: ReconcileOptions;
  fetch?: typeof fetch;
}): ReconcileWorker {
  const perform = createCrmCall({ timeoutMs: deps.options.timeoutMs, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const postgres = isPostgres(deps.orm);
  const { intervalMs } = deps.options;

  function pollable(source: Source): { config: SourceConfig; adapter: CrmAdapter } | null {
    if (!isCrmKind(source.kind)) return null;
    const config = sourceConfig(source);
    const adapter = crmAdapters[config.kind];
    return adapter.poller.canPoll(config) ? { config, adapter } : null;
  }

  async function windowOf(sourceId: string, list: PollList, now: Date): Promise<PollWindow> {
    const row = await deps.orm.em.fork().findOne(SourcePoll, { source: sourceId, list });
    const from = row?.watermark
      ? new Date(row.watermark.getTime() - deps.options.overlapMs)
      : new Date(now.getTime() - deps.options.firstLookbackMs);
    return { from, to: now };
  }

  async function record(sourceId: string, list: PollList, now: Date, error: ReconcileResult['errors'][number] | null) {
    const values = {
      lastPolledAt: now,
      lastError: error && { code: error.code, message: error.message },
      updatedAt: now,
      // a failed poll keeps the watermark: the next one reads the same window again
      ...(error ? {} : { watermark: now }),
    };
    await deps.orm.em
      .fork()
      .createQueryBuilder(SourcePoll)
      .insert({ id: newId(), source: sourceId, list, watermark: null, ...values })
      .onConflict(['source', 'list'])
      .merge(Object.keys(values) as (keyof typeof values)[])
      .execute('run');
  }

  /** Reads every page of one list in its window; the caller records how it ended. */
  async function pollList(
    target: { config: SourceConfig; adapter: CrmAdapter },
    list: PollList,
    window: PollWindow,
    currency: string,
    found: ReconcileResult,
  ): Promise<void> {
    const { config, adapter } = target;
    // a deal that cannot be stored (an amount in an unknown currency…) does not hold up the others; the list
    // then ends as failed, so its window is read again next time
    let unstored: unknown = null;
    let cursor: string | null = null;
    for (let pages = 0; ; pages += 1) {
      if (pages === MAX_PAGES) {
        throw new AppError(502, 'reconcile.too_many_pages', `The CRM answered more than ${MAX_PAGES} pages`);
      }
      if (list === 'deals') {
        const response = await perform(adapter.poller.changedDealsRequest(config, window, cursor));
        const page = adapter.poller.changedDealsPage(config, response);
        for (const deal of page.deals) {
          // one transaction per deal, like one enrichment row: a failure later on keeps what is stored
          try {
            const stored = await deps.orm.em.fork().transactional(async (tx) => {
              const events = await observeDeal(tx, postgres, config.id, deal);
              return storeEvents(tx, { sourceId: config.id, deliveryId: null, events, defaultCurrency: currency });
            });
            found.deals += 1;
            found.events += stored.stored.length;
          } catch (error) {
            unstored ??= error;
          }
        }
        cursor = page.next;
      } else {
        const response = await perform(adapter.poller.overdueTasksRequest(config, window, cursor));
        const page = adapter.poller.overdueTasksPage(config, response, window);
        const stored = await deps.orm.em
          .fork()
          .transactional((tx) =>
            storeEvents(tx, { sourceId: config.id, deliveryId: null, events: page.events, defaultCurrency: currency }),
          );
        found.overdueTasks += stored.stored.length;
        cursor = page.next;
      }
      if (cursor === null) break;
    }
    if (unstored !== null) throw unstored;
  }

  async function pollSource(source: Source, currency: string): Promise<ReconcileResult> {
    const found: ReconcileResult = { deals: 0, events: 0, overdueTasks: 0, errors: [] };
    const target = pollable(source);
    if (!target) return found;
    for (const list of ['deals', 'tasks'] as const) {
      const now = new Date();
      try {
        await pollList(target, list, await windowOf(source.id, list, now), currency, found);
        await record(source.id, list, now, null);
      } catch (error) {
        const failure = classifyFailure(error);
        const logged = { list, code: failure.code, message: failure.message };
        found.errors.push(logged);
        await record(source.id, list, now, logged);
        deps.logger.warn({ sourceId: source.id, list, error: failure }, 'reconciliation poll failed; will retry');
      }
    }
    // alerts should still arrive in seconds: hand the new events to Temporal now
    if (found.events + found.overdueTasks > 0) void deps.dispatcher.kick();
    return found;
  }

  async function defaultCurrency(): Promise<string> {
    return (await deps.orm.em.fork().findOneOrFail(Organization, { id: 1 })).currency;
  }

  async function pollDue(): Promise<void> {
    const em = deps.orm.em.fork();
    const sources = (await em.find(Source, {}, { orderBy: { id: 'asc' } })).filter((s) => pollable(s) !== null);
    if (sources.length === 0) return;
    const polled = await em.find(SourcePoll, { source: { $in: sources.map((s) => s.id) }, list: 'deals' });
    const last = new Map(polled.map((row) => [row.source, row.lastPolledAt?.getTime() ?? 0]));
    const currency = await defaultCurrency();
    const now = Date.now();
    for (const source of sources) {
      // a poll asked for by hand, or by another replica, moves the schedule
      if ((last.get(source.id) ?? 0) + intervalMs > now + 1000) continue;
      await pollSource(source, currency);
    }
  }

  const sweeper = createSweeper(pollDue, deps.logger, 'reconciliation sweep failed; will retry');

  return {
    ...sweeper,
    startSchedule() {
      if (intervalMs > 0) sweeper.start(Math.min(intervalMs, MAX_TICK_MS));
    },
    async reconcile(sourceId) {
      const source = await deps.orm.em.fork().findOne(Source, { id: sourceId });
      if (!source) throw notFound('Source');
      if (!pollable(source)) {
        throw new AppError(
          409,
          'reconcile.not_configured',
          'This source has no CRM API access in its settings, so it cannot be polled',
        );
      }
      return pollSource(source, await defaultCurrency());
    },
    async status(em, source) {
      if (!pollable(source)) return null;
      const rows = await em.find(SourcePoll, { source: source.id }, { orderBy: { list: 'asc' } });
      const deals = rows.find((r) => r.list === 'deals');
      const failed = rows.find((r) => r.lastError);
      const lastPolledAt = deals?.lastPolledAt ?? null;
      return {
        enabled: intervalMs > 0,
        lastPolledAt: lastPolledAt?.toISOString() ?? null,
        lastError: failed?.lastError ? { list: failed.list, ...failed.lastError } : null,
        nextPollAt: intervalMs > 0 && lastPolledAt ? new Date(lastPolledAt.getTime() + intervalMs).toISOString() : null,
      };
    },
  };
}
