// Pipedrive webhooks v2 (`{meta, data, previous}`) and v1 legacy (`{meta, current, previous, event, retry}`),
// authenticated by HTTP basic auth. Each body holds the object now plus what changed, so transitions (won, lost,
// reopened, stage, owner) come from the body alone; `meta.id` (v2) identifies the delivery across retries.
import { z } from 'zod';
import { AppError } from '../../../lib/errors.ts';
import type { NormalizedEvent } from '../normalized-event.ts';
import {
  type CrmAdapter,
  type DealObservation,
  decimalString,
  dueIn,
  EnrichmentError,
  type EnrichmentRequest,
  type EnrichmentResponse,
  header,
  idString,
  isVerifyResult,
  okBody,
  overdueTask,
  type ParsedItem,
  type ParseResult,
  parseAnswer,
  parseJsonBody,
  parseWith,
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
import { safeEqual } from './signatures.ts';

export const PipedriveSettings = z.object({
  /** `http_auth_user` of the webhook; the password is the source secret */
  basicAuthUser: z.string().min(1),
  /** `meta.company_id`; when set, deliveries of another company are refused */
  companyId: z.union([z.string(), z.number()]).transform(String).optional(),
  /** a user's personal API token (Settings → Personal preferences → API), for reconciliation polling */
  apiToken: z.string().min(1).optional(),
  /** the company domain, e.g. https://example.pipedrive.com */
  apiBaseUrl: z.url().default('https://api.pipedrive.com'),
});
export type PipedriveSettings = z.infer<typeof PipedriveSettings>;

const idLike = z.union([z.string().min(1), z.number()]).transform(String);
const record = z.record(z.string(), z.unknown());

const V2 = z.object({
  meta: z.looseObject({
    action: z.string(),
    entity: z.string(),
    id: idLike,
    company_id: idLike.optional(),
    timestamp: z.union([z.string(), z.number()]).optional(),
    user_id: idLike.nullable().optional(),
    version: z.string().optional(),
  }),
  data: record.nullable(),
  previous: record.nullable().optional(),
});

const V1 = z.object({
  v: z.literal(1).optional(),
  event: z.string().regex(/^[a-z]+\.[a-z_]+$/),
  meta: z.looseObject({
    action: z.string(),
    object: z.string(),
    id: idLike.nullable().optional(),
    company_id: idLike.optional(),
    timestamp: z.union([z.string(), z.number()]).optional(),
    timestamp_micro: z.union([z.string(), z.number()]).optional(),
  }),
  current: record.nullable(),
  previous: record.nullable().optional(),
});

const V1_ACTIONS: Record<string, string> = { added: 'create', updated: 'change', deleted: 'delete', merged: 'change' };

/** One shape for both versions: the action, the entity, the object now and the changed fields before. */
interface Change {
  action: string;
  entity: string;
  data: Record<string, unknown> | null;
  previous: Record<string, unknown>;
  ownerField: 'owner_id' | 'user_id';
  /** v1 sends the whole previous object: a field changed only if it differs */
  previousIsFull: boolean;
}

export const pipedriveAdapter: CrmAdapter = {
  kind: 'pipedrive',
  settingsSchema: PipedriveSettings,

  verify(source, delivery): VerifyResult {
    const settings = readSettings(PipedriveSettings, source);
    if (isVerifyResult(settings)) return settings;
    if (!source.secret)
      return unauthorizedResult('webhook.secret_not_configured', 'The source has no basic-auth password');
    const expected = `Basic ${Buffer.from(`${settings.basicAuthUser}:${source.secret}`, 'utf8').toString('base64')}`;
    const given = header(delivery, 'authorization') ?? '';
    // the scheme name is case-insensitive
    const normalized = given.replace(/^basic\s+/i, 'Basic ');
    return safeEqual(normalized, expected)
      ? verified
      : unauthorizedResult(
          'webhook.bad_credentials',
          'The Authorization header does not carry the webhook credentials',
        );
  },

  parse(source, delivery): ParseResult {
    const settings = settingsOf(PipedriveSettings, source);
    requireContentType(delivery, 'application/json');
    const body = parseJsonBody(delivery.body);
    const legacy = typeof body === 'object' && body !== null && 'current' in body && 'event' in body;
    let change: Change;
    let deliveryKey: string;
    let companyId: string | undefined;
    if (legacy) {
      const v1 = parseWith(V1, body, 'Pipedrive v1 webhook');
      companyId = v1.meta.company_id;
      const [, object = v1.meta.object] = v1.event.split('.');
      change = {
        action: V1_ACTIONS[v1.meta.action] ?? v1.meta.action,
        entity: object,
        data: v1.current,
        previous: v1.previous ?? {},
        ownerField: 'user_id',
        previousIsFull: true,
      };
      // v1 has no event id and `retry` changes between attempts, so the body hash would not catch retries
      const stamp = v1.meta.timestamp_micro ?? v1.meta.timestamp ?? v1.current?.update_time ?? '';
      deliveryKey = `v1:${v1.event}:${v1.meta.id ?? v1.current?.id ?? ''}:${String(stamp)}`;
    } else {
      const v2 = parseWith(V2, body, 'Pipedrive v2 webhook');
      companyId = v2.meta.company_id;
      change = {
        action: v2.meta.action,
        entity: v2.meta.entity,
        data: v2.data,
        previous: v2.previous ?? {},
        ownerField: 'owner_id',
        previousIsFull: false,
      };
      deliveryKey = v2.meta.id;
    }
    if (settings.companyId && companyId !== settings.companyId) throw wrongTenant('meta.company_id', companyId);
    const ref = `${change.action}.${change.entity}`;
    const events = toEvents(change);
    return {
      deliveryKey,
      items: events.map((event): ParsedItem => ({ kind: 'event', event })),
      skipped: events.length === 0 ? [{ ref, reason: 'no KPI transition in this change' }] : [],
    };
  },

  enrichmentRequest(): never {
    throw new EnrichmentError('enrich.unknown_item', 'Pipedrive deliveries are complete; nothing to re-read', false);
  },

  enrich(): never {
    throw new EnrichmentError('enrich.unknown_item', 'Pipedrive deliveries are complete; nothing to re-read', false);
  },

  poller: {
    canPoll(source) {
      const settings = PipedriveSettings.safeParse(source.settings);
      return settings.success && settings.data.apiToken !== undefined;
    },

    changedDealsRequest(source, window, cursor) {
      return get(source, '/api/v2/deals', {
        updated_since: rfc3339(window.from),
        updated_until: rfc3339(window.to),
        sort_by: 'update_time',
        sort_direction: 'asc',
        limit: String(PAGE),
        ...(cursor === null ? {} : { cursor }),
      });
    },

    changedDealsPage(_source, response) {
      const page = readPage(response, 'Pipedrive deals');
      return { deals: page.data.flatMap((deal) => dealObservation(deal) ?? []), next: page.next };
    },

    overdueTasksRequest(source, _window, cursor) {
      // activities cannot be filtered by due time: the open ones are read and filtered here
      return get(source, '/api/v2/activities', {
        done: 'false',
        limit: String(PAGE),
        ...(cursor === null ? {} : { cursor }),
      });
    },

    overdueTasksPage(_source, response, window) {
      const page = readPage(response, 'Pipedrive activities');
      const events = page.data.flatMap((activity) => {
        const id = idString(activity.id);
        const dueAt = dueTime(activity.due_date, activity.due_time);
        if (!id || activity.done === true || !dueIn(window, dueAt)) return [];
        return [
          overdueTask({
            id,
            dueAt,
            owner: idString(activity.owner_id ?? activity.user_id),
            attributes: {
              subject: activity.subject ?? null,
              activityType: activity.type ?? null,
              dealId: idString(activity.deal_id),
            },
          }),
        ];
      });
      return { events, next: page.next };
    },
  },
};

/** Pipedrive API v2's largest page */
const PAGE = 500;

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A GET of the company's API v2 with the API token in its header (kept out of URLs and logs). */
function get(source: SourceConfig, path: string, query: Record<string, string>): EnrichmentRequest {
  const settings = settingsOf(PipedriveSettings, source);
  if (!settings.apiToken) {
    throw new EnrichmentError('enrich.not_configured', 'The Pipedrive source has no apiToken for REST reads', false);
  }
  return {
    method: 'GET',
    url: `${settings.apiBaseUrl.replace(/\/+$/, '')}${path}?${new URLSearchParams(query)}`,
    headers: { 'x-api-token': settings.apiToken, accept: 'application/json' },
  };
}

const Page = z.object({
  success: z.literal(true),
  data: z.array(record),
  additional_data: z.object({ next_cursor: z.string().nullable().optional() }).nullable().optional(),
});

function readPage(
  response: EnrichmentResponse,
  what: string,
): { data: Record<string, unknown>[]; next: string | null } {
  const page = parseAnswer(Page, okBody(response, what), what);
  return { data: page.data, next: page.additional_data?.next_cursor ?? null };
}

/** `due_date` + `due_time` (UTC); a to-do without a time is due at the end of its day. */
function dueTime(date: unknown, time: unknown): Date | null {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  if (typeof time === 'string' && /^\d{2}:\d{2}(:\d{2})?$/.test(time)) {
    return toDate(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
  }
  const day = toDate(`${date}T00:00:00Z`);
  return day && new Date(day.getTime() + 24 * 60 * 60 * 1000);
}

/**
 * A deal as API v2 returns it. Its won, lost and stage-change times are the ones the webhooks carry, so a deal
 * seen both ways gives the same event keys; a deleted deal is no observation.
 */
function dealObservation(deal: Record<string, unknown>): DealObservation | null {
  const id = idString(deal.id);
  const stage = idString(deal.stage_id);
  const status = String(deal.status ?? '');
  if (!id || !stage || status === 'deleted') return null;
  const outcome = status === 'won' ? 'won' : status === 'lost' ? 'lost' : 'open';
  const stageTime = toDate(deal.stage_change_time);
  const first = (...values: unknown[]) => values.map(toDate).find((date) => date !== null) ?? null;
  const at =
    outcome === 'won'
      ? first(deal.won_time, deal.close_time, deal.update_time)
      : outcome === 'lost'
        ? first(deal.lost_time, deal.close_time, deal.update_time)
        : (stageTime ?? first(deal.add_time, deal.update_time));
  if (!at) return null;
  return {
    id,
    stage,
    pipeline: idString(deal.pipeline_id),
    outcome,
    at,
    moved: outcome === 'open' && stageTime !== null,
    owner: idString(deal.owner_id ?? deal.user_id),
    ownerAt: toDate(deal.update_time),
    amount: decimalString(deal.value),
    currency: typeof deal.currency === 'string' ? deal.currency : null,
    attributes: { title: deal.title ?? null },
  };
}

function changed(change: Change, field: string): boolean {
  if (!Object.hasOwn(change.previous, field)) return false;
  if (!change.previousIsFull) return true;
  return String(change.previous[field] ?? '') !== String(change.data?.[field] ?? '');
}

function time(...values: unknown[]): Date {
  for (const value of values) {
    const date = toDate(value);
    if (date) return date;
  }
  throw new AppError(422, 'webhook.invalid_body', 'Invalid Pipedrive webhook: the object has no usable time');
}

function toEvents(change: Change): NormalizedEvent[] {
  const data = change.data;
  if (change.action === 'delete' || data === null) return [];
  const id = idString(data.id);
  if (!id) throw new AppError(422, 'webhook.invalid_body', 'Invalid Pipedrive webhook: the object has no id');
  const owner = idString(data[change.ownerField] ?? data.owner_id ?? data.user_id);
  const make = (
    externalId: string,
    type: string,
    occurredAt: Date,
    attributes: Record<string, unknown>,
    money: { amount: string | null; currency: string | null } = { amount: null, currency: null },
  ): NormalizedEvent => ({ externalId, type, occurredAt, externalEmployeeId: owner, ...money, attributes });

  switch (change.entity) {
    case 'deal': {
      const money = {
        amount: decimalString(data.value),
        currency: typeof data.currency === 'string' ? data.currency : null,
      };
      const attributes = {
        dealId: id,
        stage: idString(data.stage_id),
        pipeline: idString(data.pipeline_id),
        title: data.title ?? null,
      };
      if (change.action === 'create') {
        return [make(`deal:${id}:created`, 'deal.created', time(data.add_time, data.update_time), attributes, money)];
      }
      const events: NormalizedEvent[] = [];
      const status = String(data.status ?? '');
      if (changed(change, 'status')) {
        const before = String(change.previous.status ?? '');
        if (status === 'won') {
          const at = time(data.won_time, data.close_time, data.update_time);
          events.push(make(`deal:${id}:won:${at.toISOString()}`, 'deal.won', at, attributes, money));
        } else if (status === 'lost') {
          const at = time(data.lost_time, data.close_time, data.update_time);
          events.push(
            make(
              `deal:${id}:lost:${at.toISOString()}`,
              'deal.lost',
              at,
              { ...attributes, lostReason: data.lost_reason ?? null },
              money,
            ),
          );
        } else if (status === 'open' && (before === 'won' || before === 'lost')) {
          const at = time(data.update_time);
          events.push(make(`deal:${id}:reopened:${at.toISOString()}`, 'deal.reopened', at, attributes, money));
        }
      }
      if (changed(change, 'stage_id') || changed(change, 'pipeline_id')) {
        const at = time(data.stage_change_time, data.update_time);
        events.push(
          make(
            `deal:${id}:stage:${attributes.stage}:${at.toISOString()}`,
            'deal.stage_changed',
            at,
            {
              ...attributes,
              previousStage: idString(change.previous.stage_id),
              ...(changed(change, 'pipeline_id') ? { previousPipeline: idString(change.previous.pipeline_id) } : {}),
            },
            money,
          ),
        );
      }
      if (changed(change, change.ownerField) && owner) {
        const at = time(data.update_time);
        events.push(
          make(`deal:${id}:owner:${owner}:${at.toISOString()}`, 'deal.owner_changed', at, {
            dealId: id,
            owner,
            previousOwner: idString(change.previous[change.ownerField]),
          }),
        );
      }
      return events;
    }
    case 'lead': {
      if (change.action !== 'create') return [];
      const value =
        typeof data.value === 'object' && data.value !== null ? (data.value as Record<string, unknown>) : {};
      const money = {
        amount: decimalString(value.amount),
        currency: typeof value.currency === 'string' ? value.currency : null,
      };
      return [
        make(
          `lead:${id}:created`,
          'lead.created',
          time(data.add_time, data.update_time),
          { leadId: id, title: data.title ?? null },
          money,
        ),
      ];
    }
    case 'person': {
      if (change.action !== 'create') return [];
      return [
        make(`contact:${id}:created`, 'contact.created', time(data.add_time, data.update_time), { contactId: id }),
      ];
    }
    case 'activity': {
      // a call counts once it is done, whether it was logged done or ticked later
      if (data.type !== 'call' || (data.done !== true && data.done !== 1)) return [];
      if (change.action === 'change' && !changed(change, 'done') && !changed(change, 'type')) return [];
      return [
        make(
          `activity:${id}:completed`,
          'call.completed',
          time(data.marked_as_done_time, data.update_time, data.add_time),
          {
            activityId: id,
            subject: data.subject ?? null,
            dealId: idString(data.deal_id),
            duration: data.duration ?? null,
          },
        ),
      ];
    }
    default:
      return [];
  }
}
