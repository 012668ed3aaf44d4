// amoCRM / Kommo account webhooks: form bodies `{entity}[{action}][i][field]`, unsigned. A secret in the URL path
// and the account id stand in for a signature. Lead status events carry old → new status (142 won, 143 lost in
// every pipeline); the minimal variant without owner or price is completed by a `GET /api/v4/leads/{id}` read.
import { z } from 'zod';
import { AppError } from '../../../lib/errors.ts';
import type { NormalizedEvent } from '../normalized-event.ts';
import {
  applyDealObservation,
  type CrmAdapter,
  type DealState,
  decimalString,
  dueIn,
  EnrichmentError,
  type EnrichmentRequest,
  type EnrichmentResponse,
  type EnrichResult,
  httpFailure,
  idString,
  isVerifyResult,
  okBody,
  overdueTask,
  type ParsedItem,
  type ParseResult,
  parseAnswer,
  readSettings,
  requireContentType,
  type SourceConfig,
  settingsOf,
  toDate,
  unauthorizedResult,
  type VerifyResult,
  verified,
  wrongTenant,
} from './adapter.ts';
import { decodeForm, type FormValue } from './form-body.ts';
import { safeEqual } from './signatures.ts';

export const AmoCrmSettings = z.object({
  /** `account[id]` of the connected account; deliveries naming another account are refused */
  accountId: z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(String),
  /** e.g. https://example.amocrm.ru or https://example.kommo.com, for the re-read */
  apiBaseUrl: z.url().optional(),
  accessToken: z.string().min(1).optional(),
  /** the account currency (amoCRM sends none); the organization's default applies when absent */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  wonStatusIds: z.array(z.string()).default(['142']),
  lostStatusIds: z.array(z.string()).default(['143']),
});
export type AmoCrmSettings = z.infer<typeof AmoCrmSettings>;

/** amoCRM note types for calls (API v2 conventions): 10 incoming, 11 outgoing */
const CALL_NOTES: Record<string, 'incoming' | 'outgoing'> = { '10': 'incoming', '11': 'outgoing' };

type Row = Record<string, FormValue>;

export const amocrmAdapter: CrmAdapter = {
  kind: 'amocrm',
  settingsSchema: AmoCrmSettings,

  verify(source, delivery): VerifyResult {
    const settings = readSettings(AmoCrmSettings, source);
    if (isVerifyResult(settings)) return settings;
    if (!source.secret) return unauthorizedResult('webhook.secret_not_configured', 'The source has no URL secret');
    if (delivery.pathSecret === undefined || !safeEqual(delivery.pathSecret, source.secret)) {
      return unauthorizedResult('webhook.bad_secret', 'The secret in the URL does not match the source');
    }
    return verified;
  },

  parse(source, delivery): ParseResult {
    const settings = settingsOf(AmoCrmSettings, source);
    requireContentType(delivery, 'application/x-www-form-urlencoded');
    const form = decodeForm(delivery.body);
    const account = group(form.account);
    const accountId = idString(account?.id) ?? firstAccountId(form);
    if (accountId !== settings.accountId) throw wrongTenant('account[id]', accountId);

    const items: ParsedItem[] = [];
    const skipped: ParseResult['skipped'] = [];
    let recognized = false;
    for (const [entity, actions] of Object.entries(form)) {
      if (entity === 'account') continue;
      const byAction = group(actions);
      if (!byAction) throw invalidBody(`"${entity}" is not a group of actions`);
      for (const [action, rows] of Object.entries(byAction)) {
        const list = Array.isArray(rows) ? rows : null;
        if (!list) throw invalidBody(`"${entity}[${action}]" is not a list`);
        for (const [index, value] of list.entries()) {
          const row = group(value);
          if (!row) throw invalidBody(`"${entity}[${action}][${index}]" is not a record`);
          recognized = true;
          const ref = `${entity}[${action}][${index}]`;
          const item = toItem(settings, entity, action, row);
          if (typeof item === 'string') skipped.push({ ref, reason: item });
          else items.push(item);
        }
      }
    }
    if (!recognized) throw invalidBody('the body names no entity such as leads[status]');
    return { deliveryKey: null, items, skipped };
  },

  enrichmentRequest(source, item): EnrichmentRequest {
    return get(source, `/api/v4/leads/${encodeURIComponent(item.id)}`);
  },

  enrich(source, item, response, lastKnownState): EnrichResult {
    const settings = settingsOf(AmoCrmSettings, source);
    const failure = httpFailure(response, `amoCRM lead ${item.id}`);
    if (failure) throw failure;
    // amoCRM answers a missing lead with 204 and no body
    if (response?.status === 204) {
      throw new EnrichmentError('enrich.not_found', `amoCRM lead ${item.id} no longer exists (HTTP 204)`, false);
    }
    const lead = Lead.safeParse(response?.body);
    if (!lead.success || String(lead.data.id) !== item.id) {
      throw new EnrichmentError(
        'enrich.bad_response',
        `amoCRM answered with something other than lead ${item.id}`,
        false,
      );
    }
    // the transition is the hook's (old → new status); owner, price and time come from the read
    const data = lead.data;
    const status = String(item.hint.status);
    const at = toDate(item.hint.updatedAt) ?? toDate(data.updated_at);
    if (!at) throw new EnrichmentError('enrich.bad_response', 'amoCRM lead has no updated_at', false);
    return statusEvents(settings, lastKnownState, {
      id: item.id,
      status,
      oldStatus: item.hint.oldStatus === null ? null : String(item.hint.oldStatus),
      pipeline: item.hint.pipeline === null ? idString(data.pipeline_id) : String(item.hint.pipeline),
      oldPipeline: item.hint.oldPipeline === null ? null : String(item.hint.oldPipeline),
      at,
      owner: idString(data.responsible_user_id),
      amount: decimalString(data.price),
    });
  },

  poller: {
    canPoll(source) {
      const settings = AmoCrmSettings.safeParse(source.settings);
      return settings.success && Boolean(settings.data.apiBaseUrl && settings.data.accessToken);
    },

    changedDealsRequest(source, window, cursor) {
      const query = new URLSearchParams({
        'filter[updated_at][from]': String(Math.floor(window.from.getTime() / 1000)),
        'filter[updated_at][to]': String(Math.floor(window.to.getTime() / 1000)),
        'order[updated_at]': 'asc',
        limit: String(PAGE),
        page: cursor ?? '1',
      });
      return get(source, `/api/v4/leads?${query}`);
    },

    changedDealsPage(source, response) {
      const settings = settingsOf(AmoCrmSettings, source);
      const page = readPage(response, 'leads', Lead, 'amoCRM leads');
      const deals = page.items.flatMap((lead) => {
        const status = idString(lead.status_id);
        const updated = toDate(lead.updated_at);
        if (!status || !updated) return [];
        const outcome = settings.wonStatusIds.includes(status)
          ? 'won'
          : settings.lostStatusIds.includes(status)
            ? 'lost'
            : 'open';
        const amount = decimalString(lead.price);
        // a closed lead keeps its closing time; an open one has only its modification time, not when it
        // entered its status, so the read is no move of its own (only a status differing from the stored one is)
        const at = (outcome === 'open' ? null : toDate(lead.closed_at)) ?? updated;
        return [
          {
            id: String(lead.id),
            stage: status,
            pipeline: idString(lead.pipeline_id),
            outcome,
            at,
            moved: false,
            owner: idString(lead.responsible_user_id),
            ownerAt: null,
            amount,
            currency: amount === null ? null : (settings.currency ?? null),
            attributes: { title: lead.name ?? null },
          } as const,
        ];
      });
      return { deals, next: page.next };
    },

    overdueTasksRequest(source, _window, cursor) {
      // tasks cannot be filtered by deadline: the open ones are read and filtered here
      const query = new URLSearchParams({
        'filter[is_completed]': '0',
        'order[complete_till]': 'asc',
        limit: String(PAGE),
        page: cursor ?? '1',
      });
      return get(source, `/api/v4/tasks?${query}`);
    },

    overdueTasksPage(_source, response, window) {
      const page = readPage(response, 'tasks', Task, 'amoCRM tasks');
      const events = page.items.flatMap((task) => {
        const dueAt = toDate(task.complete_till);
        if (task.is_completed === true || !dueIn(window, dueAt)) return [];
        return [
          overdueTask({
            id: String(task.id),
            dueAt,
            owner: idString(task.responsible_user_id),
            attributes: {
              text: task.text ?? null,
              taskTypeId: idString(task.task_type_id),
              entityType: task.entity_type ?? null,
              entityId: idString(task.entity_id),
            },
          }),
        ];
      });
      return { events, next: page.next };
    },
  },
};

/** amoCRM's largest page */
const PAGE = 250;

/** A GET of the account's API v4 with the long-lived (or OAuth) token. */
function get(source: SourceConfig, path: string): EnrichmentRequest {
  const settings = settingsOf(AmoCrmSettings, source);
  if (!settings.apiBaseUrl || !settings.accessToken) {
    throw new EnrichmentError(
      'enrich.not_configured',
      'The amoCRM source has no apiBaseUrl/accessToken for REST reads',
      false,
    );
  }
  return {
    method: 'GET',
    url: `${settings.apiBaseUrl.replace(/\/+$/, '')}${path}`,
    headers: { authorization: `Bearer ${settings.accessToken}`, accept: 'application/json' },
  };
}

/** A HAL list page: `_embedded[name]` and the next page number when `_links.next` is there; 204 is an empty list. */
function readPage<T extends z.ZodType>(
  response: EnrichmentResponse,
  name: string,
  item: T,
  what: string,
): { items: z.output<T>[]; next: string | null } {
  const body = okBody(response, what);
  if (response.status === 204) return { items: [], next: null };
  const page = parseAnswer(
    z.object({
      _page: z.number().int().positive().optional(),
      _links: z.object({ next: z.object({ href: z.string() }).optional() }).optional(),
      _embedded: z.object({ [name]: z.array(item) }),
    }),
    body,
    what,
  );
  const items = (page._embedded[name] ?? []) as z.output<T>[];
  return { items, next: page._links?.next ? String((page._page ?? 1) + 1) : null };
}

const numberish = z.union([z.number(), z.string()]).nullable().optional();
const Lead = z.object({
  id: z.union([z.number(), z.string()]),
  name: z.string().nullable().optional(),
  price: numberish,
  responsible_user_id: numberish,
  status_id: numberish,
  pipeline_id: numberish,
  updated_at: numberish,
  closed_at: numberish,
});
const Task = z.object({
  id: z.union([z.number(), z.string()]),
  responsible_user_id: numberish,
  complete_till: numberish,
  is_completed: z.boolean().optional(),
  text: z.string().nullable().optional(),
  task_type_id: numberish,
  entity_type: z.string().nullable().optional(),
  entity_id: numberish,
});

function invalidBody(message: string): AppError {
  return new AppError(422, 'webhook.invalid_body', `Invalid amoCRM body: ${message}`);
}

function group(value: FormValue | undefined): Row | null {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

function text(row: Row, field: string): string | null {
  const value = row[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Older payloads have no `account[id]`, only `account_id` on each row. */
function firstAccountId(form: Record<string, FormValue>): string | null {
  for (const [entity, actions] of Object.entries(form)) {
    if (entity === 'account') continue;
    for (const rows of Object.values(group(actions) ?? {})) {
      const row = Array.isArray(rows) ? group(rows[0]) : null;
      const note = row ? group(row.note) : null;
      const id = (note && text(note, 'account_id')) ?? (row && text(row, 'account_id'));
      if (id) return id;
    }
  }
  return null;
}

function toItem(settings: AmoCrmSettings, entity: string, action: string, row: Row): ParsedItem | string {
  const note = group(row.note);
  if ((entity === 'leads' || entity === 'contacts') && action === 'note' && note) return callNote(note);
  const id = text(row, 'id');
  if (!id) return 'no id';
  const owner = idString(text(row, 'responsible_user_id'));
  const updatedAt = toDate(text(row, 'updated_at') ?? text(row, 'last_modified'));
  const createdAt = toDate(text(row, 'created_at') ?? text(row, 'date_create'));
  const amount = decimalString(text(row, 'price'));
  if (entity === 'leads' && action === 'status') {
    const status = text(row, 'status_id');
    if (!status) return 'status event without status_id';
    const hint = {
      status,
      oldStatus: text(row, 'old_status_id'),
      pipeline: text(row, 'pipeline_id'),
      oldPipeline: text(row, 'old_pipeline_id'),
      updatedAt: updatedAt?.toISOString() ?? null,
    };
    // the minimal variant (no owner, no time) needs the lead read; the full one is complete
    if (!owner || !updatedAt) return { kind: 'enrich', object: 'deal', id, stateKey: `deal:${id}`, hint };
    const { events } = statusEvents(settings, null, {
      id,
      status,
      oldStatus: hint.oldStatus,
      pipeline: hint.pipeline,
      oldPipeline: hint.oldPipeline,
      at: updatedAt,
      owner,
      amount,
    });
    const event = events[0];
    return event ? { kind: 'event', event } : 'status unchanged';
  }
  if ((entity === 'leads' || entity === 'contacts') && action === 'add') {
    const object = entity === 'leads' ? 'deal' : 'contact';
    if (!createdAt) return 'no creation time';
    const event: NormalizedEvent = {
      externalId: `${object}:${id}:created`,
      type: `${object}.created`,
      occurredAt: createdAt,
      externalEmployeeId: owner,
      amount: object === 'deal' ? amount : null,
      currency: object === 'deal' && amount !== null ? (settings.currency ?? null) : null,
      attributes: {
        [`${object}Id`]: id,
        ...(object === 'deal' ? { stage: text(row, 'status_id'), pipeline: text(row, 'pipeline_id') } : {}),
      },
    };
    return { kind: 'event', event };
  }
  if (entity === 'leads' && action === 'responsible') {
    if (!owner || !updatedAt) return 'owner change without owner or time';
    return {
      kind: 'event',
      event: {
        externalId: `deal:${id}:owner:${owner}:${updatedAt.toISOString()}`,
        type: 'deal.owner_changed',
        occurredAt: updatedAt,
        externalEmployeeId: owner,
        amount: null,
        currency: null,
        attributes: { dealId: id, owner, previousOwner: idString(text(row, 'old_responsible_user_id')) },
      },
    };
  }
  return `${entity}[${action}] is not used for KPIs`;
}

function callNote(note: Row): ParsedItem | string {
  const direction = CALL_NOTES[text(note, 'note_type') ?? ''];
  if (!direction) return 'note is not a call';
  const id = text(note, 'id');
  const at = toDate(text(note, 'created_at') ?? text(note, 'date_create'));
  if (!id || !at) return 'call note without id or time';
  return {
    kind: 'event',
    event: {
      externalId: `note:${id}:call`,
      type: 'call.completed',
      occurredAt: at,
      // the responsible user of the note, not its author
      externalEmployeeId: idString(text(note, 'main_user_id') ?? text(note, 'created_by')),
      amount: null,
      currency: null,
      attributes: {
        noteId: id,
        direction,
        elementType: text(note, 'element_type'),
        elementId: text(note, 'element_id'),
      },
    },
  };
}

interface StatusChange {
  id: string;
  status: string;
  oldStatus: string | null;
  pipeline: string | null;
  oldPipeline: string | null;
  at: Date;
  owner: string | null;
  amount: string | null;
}

function statusEvents(settings: AmoCrmSettings, last: DealState | null, change: StatusChange): EnrichResult {
  const outcome = (status: string | null): DealState['outcome'] | null =>
    status === null
      ? null
      : settings.wonStatusIds.includes(status)
        ? 'won'
        : settings.lostStatusIds.includes(status)
          ? 'lost'
          : 'open';
  const before = outcome(change.oldStatus);
  // the hook names the previous status, so the transition does not depend on what was stored before
  const previous: DealState | null =
    before === null || change.oldStatus === null
      ? last
      : {
          stage: change.oldStatus,
          pipeline: change.oldPipeline ?? change.pipeline,
          outcome: before,
          at: new Date(change.at.getTime() - 1).toISOString(),
          owner: last?.owner ?? null,
          ownerAt: last?.ownerAt ?? null,
        };
  const applied = applyDealObservation(previous, {
    id: change.id,
    stage: change.status,
    pipeline: change.pipeline,
    outcome: outcome(change.status) ?? 'open',
    at: change.at,
    moved: true,
    owner: change.owner,
    amount: change.amount,
    currency: change.amount === null ? null : (settings.currency ?? null),
    attributes: { previousStage: change.oldStatus },
  });
  const events = applied.events.filter((e) => e.type !== 'deal.owner_changed');
  // a stale hook must not move the stored state backwards
  const newState = last && applied.state.at <= last.at ? last : applied.state;
  return { events, newState };
}
