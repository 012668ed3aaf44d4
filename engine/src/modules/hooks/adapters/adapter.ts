// The contract every CRM adapter fulfils, and the pieces they share: header and body reading, time and
// money conversion, and the per-object state machine that turns observed deal states into transitions.
// Adapters are pure: no I/O and no clock. The caller does the HTTP, the storage and the outbox.
import type { z } from 'zod';
import { AppError } from '../../../lib/errors.ts';
import { validationError } from '../../../lib/validation.ts';
import type { NormalizedEvent } from '../normalized-event.ts';

export const CRM_KINDS = ['bitrix24', 'amocrm', 'hubspot', 'pipedrive', 'twenty'] as const;
export type CrmKind = (typeof CRM_KINDS)[number];

export interface SourceConfig {
  id: string;
  kind: CrmKind;
  /** the shared secret: Bitrix24 application token, amoCRM URL secret, HubSpot client secret,
   *  Pipedrive basic-auth password, Twenty webhook secret */
  secret: string | null;
  settings: Record<string, unknown>;
}

export interface RawDelivery {
  method: string;
  /** the full public URL as the CRM called (and signed) it, scheme, host, path and query */
  url: string;
  /** header names in any case */
  headers: Record<string, string>;
  body: Buffer;
  receivedAt: Date;
  /** the secret segment of `POST /hooks/:sourceId/:secret` (amoCRM) */
  pathSecret?: string;
}

export type VerifyResult =
  | {
      ok: true;
      /** a per-request nonce the caller must not accept twice within `windowMs` (a replayed capture) */
      nonce?: { value: string; windowMs: number };
    }
  | { ok: false; status: 401 | 422 | 500; code: string; message: string };

/** An HTTP call the caller makes to the CRM's REST API; built when it is due, so no credential is stored with the item. */
export interface EnrichmentRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** A plain-JSON hint that must be completed by a REST read before it becomes events (an outbox row). */
export interface EnrichmentItem {
  kind: 'enrich';
  object: 'deal' | 'lead' | 'contact' | 'activity' | 'call';
  id: string;
  /** the key of the object's stored state, e.g. `deal:759`; null when the object keeps no state */
  stateKey: string | null;
  /** what the hook said (event name, property value, time…), as JSON */
  hint: Record<string, string | number | boolean | null>;
}

export type ParsedItem = { kind: 'event'; event: NormalizedEvent } | EnrichmentItem;

export interface ParseResult {
  /** the CRM's id of this delivery; null means "use the hash of the body" */
  deliveryKey: string | null;
  items: ParsedItem[];
  /** parts of the delivery that carry nothing for KPIs, with the reason (for the delivery log) */
  skipped: { ref: string; reason: string }[];
}

/** The last known state of one deal, as the caller stores it (plain JSON). */
export interface DealState {
  stage: string;
  pipeline: string | null;
  outcome: 'open' | 'won' | 'lost';
  /** ISO time the deal entered `stage` (the ordering key for stage observations) */
  at: string;
  owner: string | null;
  /** ISO time of the owner observation (the ordering key for owner changes) */
  ownerAt: string | null;
}

export interface EnrichmentResponse {
  status: number;
  body: unknown;
}

export interface EnrichResult {
  events: NormalizedEvent[];
  /** the state to store for `item.stateKey`; unchanged when the response was stale */
  newState: DealState | null;
}

export interface CrmAdapter {
  kind: CrmKind;
  /** validates `source.settings`; use it when a source is created or edited */
  settingsSchema: z.ZodType;
  verify(source: SourceConfig, delivery: RawDelivery): VerifyResult;
  /** throws AppError 4xx for bodies it cannot accept */
  parse(source: SourceConfig, delivery: RawDelivery): ParseResult;
  /** null when the item needs only the stored state, not a read: then `enrich` gets a null response */
  enrichmentRequest(source: SourceConfig, item: EnrichmentItem): EnrichmentRequest | null;
  /** throws EnrichmentError when the response is not usable */
  enrich(
    source: SourceConfig,
    item: EnrichmentItem,
    response: EnrichmentResponse | null,
    lastKnownState: DealState | null,
  ): EnrichResult;
  poller: CrmPoller;
}

/** A time window of a reconciliation poll: `from` excluded, `to` included. */
export interface PollWindow {
  from: Date;
  to: Date;
}

/**
 * Reconciliation polling, for events a webhook never delivered and for overdue tasks (no CRM sends those):
 * paginated list reads built and parsed here, made by the caller. A page's deals go through the same
 * `applyDealObservation` and stored state as a webhook's re-read, so a deal seen both ways yields one event.
 * `cursor` is the adapter's own (an offset, a page number, an opaque token): null asks for the first page.
 */
export interface CrmPoller {
  /** false when the settings hold no API access: such a source is not polled */
  canPoll(source: SourceConfig): boolean;
  /** deals changed in the window (by the CRM's modification time) */
  changedDealsRequest(source: SourceConfig, window: PollWindow, cursor: string | null): EnrichmentRequest;
  /** throws EnrichmentError when the response is not usable; `next` null means the last page */
  changedDealsPage(
    source: SourceConfig,
    response: EnrichmentResponse,
  ): { deals: DealObservation[]; next: string | null };
  /** open tasks (to-dos) whose deadline falls in the window */
  overdueTasksRequest(source: SourceConfig, window: PollWindow, cursor: string | null): EnrichmentRequest;
  /** `task.overdue` events (see overdueTask) for the page's open tasks due in the window */
  overdueTasksPage(
    source: SourceConfig,
    response: EnrichmentResponse,
    window: PollWindow,
  ): { events: NormalizedEvent[]; next: string | null };
}

/**
 * The `task.overdue` event of an open task whose deadline passed: attributed to the task's responsible user,
 * at the deadline, keyed by task and deadline, so it is stored once per deadline (a moved deadline is a new one).
 */
export function overdueTask(task: {
  id: string;
  dueAt: Date;
  owner: string | null;
  attributes: Record<string, unknown>;
}): NormalizedEvent {
  return {
    externalId: `task:${task.id}:overdue:${task.dueAt.toISOString()}`,
    type: 'task.overdue',
    occurredAt: task.dueAt,
    externalEmployeeId: task.owner,
    amount: null,
    currency: null,
    attributes: { taskId: task.id, dueAt: task.dueAt.toISOString(), ...task.attributes },
  };
}

/** Whether a deadline falls in the window (`from` excluded, `to` included). */
export function dueIn(window: PollWindow, dueAt: Date | null): dueAt is Date {
  return dueAt !== null && dueAt > window.from && dueAt <= window.to;
}

/** A 2xx answer's JSON body, or the EnrichmentError the answer stands for. */
export function okBody(response: EnrichmentResponse, what: string): unknown {
  const failure = httpFailure(response, what);
  if (failure) throw failure;
  return response.body;
}

/** Parses a list answer with `schema`, or throws a non-retryable bad_response. */
export function parseAnswer<T extends z.ZodType>(schema: T, body: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new EnrichmentError(
      'enrich.bad_response',
      `${what}: unexpected answer${first ? ` (${first.path.join('.') || 'body'}: ${first.message})` : ''}`,
      false,
    );
  }
  return parsed.data;
}

/** A REST re-read that failed: `retryable` tells the outbox whether to try again later. */
export class EnrichmentError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, retryable: boolean) {
    super(message);
    this.name = 'EnrichmentError';
    this.code = code;
    this.retryable = retryable;
  }
}

/** Classifies a non-2xx REST answer: 404/410 mean the object is gone, 429/5xx are worth retrying. */
export function httpFailure(response: EnrichmentResponse | null, what: string): EnrichmentError | null {
  if (response === null) return new EnrichmentError('enrich.no_response', `${what} needs a REST read`, false);
  if (response.status >= 200 && response.status < 300) return null;
  if (response.status === 404 || response.status === 410) {
    return new EnrichmentError('enrich.not_found', `${what} no longer exists (HTTP ${response.status})`, false);
  }
  const retryable = response.status === 429 || response.status >= 500 || response.status === 408;
  return new EnrichmentError('enrich.http_error', `${what}: HTTP ${response.status}`, retryable);
}

// ---- verification results -------------------------------------------------------------------------------

export const verified: VerifyResult = { ok: true };

export function unauthorizedResult(code: string, message: string): VerifyResult {
  return { ok: false, status: 401, code, message };
}

export function misconfigured(message: string): VerifyResult {
  return { ok: false, status: 500, code: 'webhook.source_misconfigured', message };
}

// ---- reading a delivery ----------------------------------------------------------------------------------

export function header(delivery: RawDelivery, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(delivery.headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** Throws 415 unless the Content-Type's media type is `expected` (parameters such as charset are ignored). */
export function requireContentType(delivery: RawDelivery, expected: string): void {
  const given = header(delivery, 'content-type');
  const media = given?.split(';')[0]?.trim().toLowerCase();
  if (media !== expected) {
    throw new AppError(
      415,
      'webhook.unsupported_content_type',
      `Expected Content-Type ${expected}, got ${given ? `"${given}"` : 'none'}`,
    );
  }
}

const FORBIDDEN_JSON_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON.parse that refuses keys which could reach an object prototype downstream. */
export function parseJsonBody(body: Buffer | string): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  // the reviver costs; a body that cannot spell a reserved key (not even with \u escapes) skips it
  const suspicious = /__proto__|constructor|prototype|\\u/.test(text);
  let forbidden: string | null = null;
  let value: unknown;
  try {
    value = suspicious
      ? JSON.parse(text, (key, v) => {
          if (FORBIDDEN_JSON_KEYS.has(key)) forbidden = key;
          return v;
        })
      : JSON.parse(text);
  } catch {
    throw new AppError(422, 'webhook.invalid_json', 'The body is not valid JSON');
  }
  if (forbidden !== null) {
    throw new AppError(422, 'webhook.forbidden_key', `The body uses the reserved key "${forbidden}"`);
  }
  return value;
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError('webhook.invalid_body', what, parsed.error.issues);
  return parsed.data;
}

export function readSettings<T extends z.ZodType>(schema: T, source: SourceConfig): z.output<T> | VerifyResult {
  const parsed = schema.safeParse(source.settings);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  return misconfigured(
    `The ${source.kind} source settings are invalid${first ? `: ${first.path.join('.')} ${first.message}` : ''}`,
  );
}

/** Like readSettings, for code that runs after verification already passed. */
export function settingsOf<T extends z.ZodType>(schema: T, source: SourceConfig): z.output<T> {
  const parsed = schema.safeParse(source.settings);
  if (!parsed.success) {
    throw new AppError(500, 'webhook.source_misconfigured', `The ${source.kind} source settings are invalid`);
  }
  return parsed.data;
}

export function isVerifyResult(value: unknown): value is VerifyResult {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}

export function wrongTenant(what: string, given: unknown): AppError {
  return new AppError(401, 'webhook.wrong_tenant', `The delivery's ${what} (${String(given)}) is not this source's`);
}

// ---- values --------------------------------------------------------------------------------------------

/** An ISO-8601 string (any offset), unix seconds, or unix milliseconds → Date; null when unreadable. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) return null;
    return new Date(n < 1e11 ? n * 1000 : n);
  }
  if (typeof value !== 'string') return null;
  // "2025-01-09 08:10:07" (Pipedrive v1, amoCRM notes) is UTC without a marker
  const text = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function iso(value: unknown): string | null {
  return toDate(value)?.toISOString() ?? null;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A CRM amount (number or numeric string) as a decimal string; null when absent or not a number. */
export function decimalString(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const text = String(value);
    return /e/i.test(text) ? value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) : text;
  }
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return value.trim();
  return null;
}

/** A CRM id (number or string) as a string; null for absent, empty or zero ("no user"). */
export function idString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' || text === '0' ? null : text;
}

// ---- deal transitions ------------------------------------------------------------------------------------

/** One observed state of a deal, with the time it entered its stage. */
export interface DealObservation {
  id: string;
  stage: string;
  pipeline: string | null;
  outcome: DealState['outcome'];
  /** when the deal entered this stage */
  at: Date;
  /** false when the stage is the one the deal was created in (no move happened) */
  moved: boolean;
  owner: string | null;
  /** when the owner was observed (modification time); defaults to `at`; null when the read has no such time */
  ownerAt?: Date | null;
  amount: string | null;
  currency: string | null;
  attributes: Record<string, unknown>;
}

/**
 * Compares an observation with the last stored state of the deal. Observations are ordered by the time the deal
 * entered its stage, never by arrival: an observation older than the stored one never changes the state and never
 * wins, loses or reopens, so a stale "in progress" re-read after a win neither repeats the win nor reopens the
 * deal; it only reports its own move into that stage, at its own time. Each transition yields one event keyed by
 * deal, transition and time, so a repeated observation is a no-op downstream (the event table's unique key).
 */
export function applyDealObservation(
  last: DealState | null,
  obs: DealObservation,
): { events: NormalizedEvent[]; state: DealState } {
  const events: NormalizedEvent[] = [];
  const at = obs.at.toISOString();
  const ownerAt = obs.ownerAt === null ? null : (obs.ownerAt ?? obs.at).toISOString();
  const event = (type: string, key: string): NormalizedEvent => ({
    externalId: `deal:${obs.id}:${key}`,
    type,
    occurredAt: obs.at,
    externalEmployeeId: obs.owner,
    amount: obs.amount,
    currency: obs.currency,
    attributes: { dealId: obs.id, stage: obs.stage, pipeline: obs.pipeline, ...obs.attributes },
  });

  const fresh = last === null || at > last.at;
  if (last !== null && !fresh && obs.outcome === 'open' && obs.moved && !(last.at === at && last.stage === obs.stage)) {
    // A late observation of a move into an open stage is still a fact about the past: reported at its own time
    // (the same key it would have had in order), it never changes the state, nor wins, loses or reopens.
    events.push({
      ...event('deal.stage_changed', `stage:${obs.stage}:${at}`),
      attributes: { ...event('', '').attributes, late: true },
    });
  }
  if (fresh) {
    if (obs.outcome === 'won' && last?.outcome !== 'won') events.push(event('deal.won', `won:${at}`));
    else if (obs.outcome === 'lost' && last?.outcome !== 'lost') events.push(event('deal.lost', `lost:${at}`));
    else if (obs.outcome === 'open' && last && last.outcome !== 'open') {
      events.push(event('deal.reopened', `reopened:${at}`));
    } else if (
      obs.outcome === 'open' &&
      // a newer stage time is a move even into the same stage (the way out was not observed)
      (obs.moved || (last !== null && (last.stage !== obs.stage || last.pipeline !== obs.pipeline)))
    ) {
      const changed = event('deal.stage_changed', `stage:${obs.stage}:${at}`);
      if (last) changed.attributes.previousStage = last.stage;
      events.push(changed);
    }
  }

  // an owner without a time (a plain re-read) only fills in or replaces another owner without a time
  const ownerFresh =
    last === null ||
    last.owner === null ||
    (ownerAt === null ? last.ownerAt === null : last.ownerAt === null || ownerAt > last.ownerAt);
  if (last && ownerFresh && ownerAt !== null && obs.owner !== null && last.owner !== null && obs.owner !== last.owner) {
    events.push({
      ...event('deal.owner_changed', `owner:${obs.owner}:${ownerAt}`),
      occurredAt: obs.ownerAt ?? obs.at,
      attributes: { dealId: obs.id, previousOwner: last.owner, owner: obs.owner },
    });
  }

  const stage =
    fresh || last === null
      ? { stage: obs.stage, pipeline: obs.pipeline, outcome: obs.outcome, at }
      : { stage: last.stage, pipeline: last.pipeline, outcome: last.outcome, at: last.at };
  const owner =
    ownerFresh && obs.owner !== null
      ? { owner: obs.owner, ownerAt }
      : { owner: last?.owner ?? null, ownerAt: last?.ownerAt ?? null };
  const state: DealState = { ...stage, ...owner };
  return { events, state };
}

/** Per-pipeline stage meaning for CRMs without a portable won/lost marker (settings `stages`). */
export interface StageMapping {
  won: string[];
  lost: string[];
  /** per pipeline id; overrides the top-level lists for that pipeline */
  pipelines?: Record<string, { won?: string[]; lost?: string[] }>;
}

export function classifyStage(mapping: StageMapping, stage: string, pipeline: string | null): DealState['outcome'] {
  const scoped = pipeline === null ? undefined : mapping.pipelines?.[pipeline];
  const won = scoped?.won ?? mapping.won;
  const lost = scoped?.lost ?? mapping.lost;
  if (won.includes(stage)) return 'won';
  if (lost.includes(stage)) return 'lost';
  return 'open';
}
