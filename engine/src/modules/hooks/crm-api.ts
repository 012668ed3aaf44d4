// The engine's side of a CRM's REST API, shared by the enrichment outbox and reconciliation polling: one call
// with a timeout, the failure classes (retry or not), and the per-object stored state a read is compared with.
import type { EntityManager } from '@mikro-orm/sql';
import { newId } from '../../db/entities/base.ts';
import { ObjectState } from '../../db/entities/object-state.entity.ts';
import type { Source } from '../../db/entities/source.entity.ts';
import { AppError } from '../../lib/errors.ts';
import {
  applyDealObservation,
  CRM_KINDS,
  type CrmKind,
  type DealObservation,
  type DealState,
  EnrichmentError,
  type EnrichmentRequest,
  type EnrichmentResponse,
  type SourceConfig,
} from './adapters/index.ts';
import type { NormalizedEvent } from './normalized-event.ts';

export function isCrmKind(kind: string): kind is CrmKind {
  return (CRM_KINDS as readonly string[]).includes(kind);
}

export function sourceConfig(source: Source): SourceConfig {
  if (!isCrmKind(source.kind)) throw new AppError(500, 'webhook.not_a_crm', `${source.kind} has no CRM adapter`);
  return { id: source.id, kind: source.kind, secret: source.secret ?? null, settings: source.settings ?? {} };
}

export type CrmCall = (request: EnrichmentRequest) => Promise<EnrichmentResponse>;

/** Makes one REST call; no answer in time or no connection is a retryable EnrichmentError, any status is an answer. */
export function createCrmCall(options: { timeoutMs: number; fetch?: typeof fetch }): CrmCall {
  const doFetch = options.fetch ?? fetch;
  return async (request) => {
    let response: Response;
    try {
      response = await doFetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new EnrichmentError(
        timedOut ? 'enrich.timeout' : 'enrich.network',
        timedOut
          ? `No answer from ${new URL(request.url).host} within ${options.timeoutMs} ms`
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
  };
}

export interface CrmFailure {
  code: string;
  message: string;
  retryable: boolean;
}

export function classifyFailure(error: unknown): CrmFailure {
  if (error instanceof EnrichmentError) {
    return { code: error.code, message: error.message, retryable: error.retryable };
  }
  // an invalid amount or misconfigured settings will not fix themselves: replay after fixing them
  if (error instanceof AppError) return { code: error.code, message: error.message, retryable: false };
  // the database or anything unforeseen: worth another try
  return { code: 'enrich.internal', message: (error as Error)?.message ?? String(error), retryable: true };
}

/**
 * Engine replicas (and the outbox beside the poller) may work the same object at once: on PostgreSQL one
 * transaction-scoped lock per object makes the read-compare-write of its state serial, so nobody overwrites a
 * newer state with one computed from an older read. SQLite has one writer.
 */
export async function lockObject(tx: EntityManager, postgres: boolean, key: string): Promise<void> {
  if (postgres) await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
}

export function objectLockKey(sourceId: string, stateKey: string): string {
  return `${sourceId}|${stateKey}`;
}

export async function loadState(tx: EntityManager, source: string, stateKey: string): Promise<DealState | null> {
  const row = await tx.findOne(ObjectState, { source, stateKey });
  return (row?.state as DealState | undefined) ?? null;
}

export async function saveState(tx: EntityManager, source: string, stateKey: string, state: DealState): Promise<void> {
  const now = new Date();
  await tx
    .createQueryBuilder(ObjectState)
    .insert({ id: newId(), source, stateKey, state: { ...state }, updatedAt: now })
    .onConflict(['source', 'stateKey'])
    .merge(['state', 'updatedAt'])
    .execute('run');
}

/** Compares a deal observation with the deal's stored state, under its lock, and stores the new state. */
export async function observeDeal(
  tx: EntityManager,
  postgres: boolean,
  sourceId: string,
  observation: DealObservation,
): Promise<NormalizedEvent[]> {
  const stateKey = `deal:${observation.id}`;
  await lockObject(tx, postgres, objectLockKey(sourceId, stateKey));
  const applied = applyDealObservation(await loadState(tx, sourceId, stateKey), observation);
  await saveState(tx, sourceId, stateKey, applied.state);
  return applied.events;
}
