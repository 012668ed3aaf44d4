// Bitrix24 outbound webhooks (and event.bind app handlers): a form body with only the object id. The shared
// `auth[application_token]` authenticates it; the deal, lead, contact or activity is then re-read through the
// portal's inbound webhook, and deal transitions come from comparing STAGE_SEMANTIC_ID with the stored state.
import { z } from 'zod';
import { AppError } from '../../../lib/errors.ts';
import {
  applyDealObservation,
  type CrmAdapter,
  type DealObservation,
  type DealState,
  decimalString,
  dueIn,
  EnrichmentError,
  type EnrichmentItem,
  type EnrichmentRequest,
  type EnrichmentResponse,
  type EnrichResult,
  httpFailure,
  idString,
  isVerifyResult,
  overdueTask,
  type ParsedItem,
  type ParseResult,
  type PollWindow,
  parseWith,
  type RawDelivery,
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
import { decodeForm, type FormObject } from './form-body.ts';
import { safeEqual } from './signatures.ts';

export const Bitrix24Settings = z.object({
  /** the portal's inbound webhook, e.g. https://portal.bitrix24.ru/rest/1/abc123/ */
  webhookUrl: z
    .url()
    .refine((url) => url.startsWith('https://') || url.startsWith('http://'), 'expected an http(s) URL'),
  /** the portal's `member_id`; when set, deliveries from another portal are refused */
  memberId: z.string().min(1).optional(),
});
export type Bitrix24Settings = z.infer<typeof Bitrix24Settings>;

const Hook = z.object({
  event: z.string().min(1),
  data: z.object({ FIELDS: z.object({ ID: z.string().regex(/^\d+$/, 'expected a numeric id') }) }),
  ts: z.string().optional(),
  auth: z.object({ application_token: z.string().optional(), member_id: z.string().optional() }).optional(),
});

const FORM = 'application/x-www-form-urlencoded';

/** event name → what to re-read and how */
const EVENTS: Record<string, { object: EnrichmentItem['object']; method: string; action: string }> = {
  ONCRMDEALADD: { object: 'deal', method: 'crm.deal.get', action: 'add' },
  ONCRMDEALUPDATE: { object: 'deal', method: 'crm.deal.get', action: 'update' },
  ONCRMLEADADD: { object: 'lead', method: 'crm.lead.get', action: 'add' },
  ONCRMCONTACTADD: { object: 'contact', method: 'crm.contact.get', action: 'add' },
  ONCRMACTIVITYADD: { object: 'activity', method: 'crm.activity.get', action: 'add' },
  ONCRMACTIVITYUPDATE: { object: 'activity', method: 'crm.activity.get', action: 'update' },
};

/** crm.enum.activitytype: 1 meeting, 2 call, 3 task, 4 e-mail; only completed ones count */
const ACTIVITY_EVENTS: Record<string, string> = {
  '1': 'meeting.held',
  '2': 'call.completed',
  '3': 'task.completed',
  '4': 'email.sent',
};

function decode(delivery: RawDelivery): FormObject {
  requireContentType(delivery, FORM);
  return decodeForm(delivery.body);
}

export const bitrix24Adapter: CrmAdapter = {
  kind: 'bitrix24',
  settingsSchema: Bitrix24Settings,

  verify(source, delivery): VerifyResult {
    const settings = readSettings(Bitrix24Settings, source);
    if (isVerifyResult(settings)) return settings;
    if (!source.secret)
      return unauthorizedResult('webhook.secret_not_configured', 'The source has no application token');
    let form: FormObject;
    try {
      form = decode(delivery);
    } catch (error) {
      if (error instanceof AppError) return { ok: false, status: 422, code: error.code, message: error.message };
      throw error;
    }
    const auth = form.auth;
    const token = auth && typeof auth === 'object' && !Array.isArray(auth) ? auth.application_token : undefined;
    if (typeof token !== 'string' || !safeEqual(token, source.secret)) {
      return unauthorizedResult('webhook.bad_token', 'auth[application_token] does not match the source');
    }
    return verified;
  },

  parse(source, delivery): ParseResult {
    const settings = settingsOf(Bitrix24Settings, source);
    const hook = parseWith(Hook, decode(delivery), 'Bitrix24 event');
    const memberId = hook.auth?.member_id;
    if (settings.memberId && memberId !== settings.memberId) throw wrongTenant('auth[member_id]', memberId);
    const id = hook.data.FIELDS.ID;
    const deliveryKey = `${hook.event}:${id}:${hook.ts ?? ''}`;
    const route = EVENTS[hook.event.toUpperCase()];
    if (!route) return { deliveryKey, items: [], skipped: [{ ref: hook.event, reason: 'event not used for KPIs' }] };
    const item: ParsedItem = {
      kind: 'enrich',
      object: route.object,
      id,
      stateKey: route.object === 'deal' ? `deal:${id}` : null,
      hint: { event: hook.event.toUpperCase(), action: route.action, ts: hook.ts ?? null },
    };
    return { deliveryKey, items: [item], skipped: [] };
  },

  enrichmentRequest(source, item): EnrichmentRequest {
    const route = EVENTS[String(item.hint.event)];
    if (!route) throw new EnrichmentError('enrich.unknown_item', `No Bitrix24 read for ${item.hint.event}`, false);
    return call(source, route.method, { id: item.id });
  },

  enrich(_source, item, response, lastKnownState): EnrichResult {
    const result = readResult(response, `Bitrix24 ${item.object} ${item.id}`);
    switch (item.object) {
      case 'deal':
        return enrichDeal(item, result, lastKnownState);
      case 'lead':
      case 'contact':
        return { events: created(item, result), newState: null };
      case 'activity':
        return { events: activity(item, result), newState: null };
      default:
        throw new EnrichmentError('enrich.unknown_item', `No Bitrix24 enrichment for ${item.object}`, false);
    }
  },

  poller: {
    canPoll: () => true,

    changedDealsRequest(source, window, cursor) {
      return call(source, 'crm.deal.list', {
        filter: { '>DATE_MODIFY': window.from.toISOString(), '<=DATE_MODIFY': window.to.toISOString() },
        order: { DATE_MODIFY: 'ASC', ID: 'ASC' },
        select: DEAL_FIELDS,
        start: Number(cursor ?? 0),
      });
    },

    changedDealsPage(_source, response) {
      const page = readList(response, 'Bitrix24 crm.deal.list');
      return { deals: page.result.map((deal) => dealObservation(deal)), next: page.next };
    },

    overdueTasksRequest(source, window, cursor) {
      return call(source, 'crm.activity.list', {
        filter: { COMPLETED: 'N', '>DEADLINE': window.from.toISOString(), '<=DEADLINE': window.to.toISOString() },
        order: { DEADLINE: 'ASC', ID: 'ASC' },
        select: ['ID', 'TYPE_ID', 'SUBJECT', 'DEADLINE', 'COMPLETED', 'RESPONSIBLE_ID', 'OWNER_TYPE_ID', 'OWNER_ID'],
        start: Number(cursor ?? 0),
      });
    },

    overdueTasksPage(_source, response, window: PollWindow) {
      const page = readList(response, 'Bitrix24 crm.activity.list');
      const events = page.result.flatMap((activity) => {
        const id = idString(activity.ID);
        const dueAt = toDate(activity.DEADLINE);
        if (!id || activity.COMPLETED === 'Y' || !dueIn(window, dueAt)) return [];
        return [
          overdueTask({
            id,
            dueAt,
            owner: idString(activity.RESPONSIBLE_ID),
            attributes: {
              activityId: id,
              subject: activity.SUBJECT ?? null,
              activityTypeId: idString(activity.TYPE_ID),
              ownerTypeId: idString(activity.OWNER_TYPE_ID),
              ownerId: idString(activity.OWNER_ID),
            },
          }),
        ];
      });
      return { events, next: page.next };
    },
  },
};

const DEAL_FIELDS = [
  'ID',
  'TITLE',
  'STAGE_ID',
  'STAGE_SEMANTIC_ID',
  'CATEGORY_ID',
  'OPPORTUNITY',
  'CURRENCY_ID',
  'ASSIGNED_BY_ID',
  'DATE_CREATE',
  'DATE_MODIFY',
  'MOVED_TIME',
  'MOVED_BY_ID',
];

/** A call of the portal's inbound webhook: `POST <webhookUrl><method>.json` with JSON parameters. */
function call(source: SourceConfig, method: string, params: Record<string, unknown>): EnrichmentRequest {
  const settings = settingsOf(Bitrix24Settings, source);
  const base = settings.webhookUrl.endsWith('/') ? settings.webhookUrl : `${settings.webhookUrl}/`;
  return {
    method: 'POST',
    url: `${base}${method}.json`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(params),
  };
}

const Result = z.record(z.string(), z.unknown());
const ListResult = z.object({ result: z.array(Result), next: z.union([z.number(), z.string()]).optional() });

function readResult(response: EnrichmentResponse | null, what: string): Record<string, unknown> {
  const body = readBody(response, what);
  const parsed = Result.safeParse(body?.result);
  if (!parsed.success) throw new EnrichmentError('enrich.bad_response', `${what}: the answer has no result`, false);
  return parsed.data;
}

/** A list method's page: the records and the `start` of the next page (null after the last). */
function readList(
  response: EnrichmentResponse,
  what: string,
): { result: Record<string, unknown>[]; next: string | null } {
  const parsed = ListResult.safeParse(readBody(response, what));
  if (!parsed.success)
    throw new EnrichmentError('enrich.bad_response', `${what}: the answer has no result list`, false);
  return { result: parsed.data.result, next: parsed.data.next === undefined ? null : String(parsed.data.next) };
}

/** The answer's body, or the EnrichmentError its `{ error, error_description }` or HTTP status stands for. */
function readBody(
  response: EnrichmentResponse | null,
  what: string,
): { result?: unknown; error?: unknown; error_description?: unknown } | null {
  if (response === null) throw new EnrichmentError('enrich.no_response', `${what} needs a REST read`, false);
  const body = response.body as { result?: unknown; error?: unknown; error_description?: unknown } | null;
  if (body && typeof body === 'object' && typeof body.error === 'string') {
    const code = body.error;
    // QUERY_LIMIT_EXCEEDED and internal errors pass; "not found" and access errors will not
    const retryable = /LIMIT|INTERNAL|OVERLOAD|TIMEOUT/i.test(code);
    const notFound = /NOT_FOUND/i.test(code) || /not found/i.test(String(body.error_description ?? ''));
    throw new EnrichmentError(
      notFound ? 'enrich.not_found' : 'enrich.crm_error',
      `${what}: ${code} ${String(body.error_description ?? '')}`.trim(),
      retryable && !notFound,
    );
  }
  const failure = httpFailure(response, what);
  if (failure) throw failure;
  return body && typeof body === 'object' ? body : null;
}

function requireId(item: EnrichmentItem, result: Record<string, unknown>): string {
  const id = idString(result.ID);
  if (id !== item.id) {
    throw new EnrichmentError(
      'enrich.bad_response',
      `Bitrix24 answered for ${String(result.ID)}, not ${item.id}`,
      false,
    );
  }
  return id;
}

function requireDate(value: unknown, field: string): Date {
  const date = toDate(value);
  if (!date) throw new EnrichmentError('enrich.bad_response', `Bitrix24 ${field} is not a date`, false);
  return date;
}

function enrichDeal(item: EnrichmentItem, deal: Record<string, unknown>, last: DealState | null): EnrichResult {
  const id = requireId(item, deal);
  const observation = dealObservation(deal);
  const events = [];
  if (item.hint.action === 'add') {
    events.push({
      externalId: `deal:${id}:created`,
      type: 'deal.created',
      occurredAt: requireDate(deal.DATE_CREATE, 'DATE_CREATE'),
      externalEmployeeId: observation.owner,
      amount: observation.amount,
      currency: observation.currency,
      attributes: { dealId: id, stage: observation.stage, pipeline: observation.pipeline },
    });
  }
  const applied = applyDealObservation(last, observation);
  return { events: [...events, ...applied.events], newState: applied.state };
}

/** A deal as crm.deal.get and crm.deal.list return it: the stage it is in since MOVED_TIME. */
function dealObservation(deal: Record<string, unknown>): DealObservation {
  const id = idString(deal.ID);
  if (!id) throw new EnrichmentError('enrich.bad_response', 'A Bitrix24 deal has no ID', false);
  const semantic = String(deal.STAGE_SEMANTIC_ID ?? 'P');
  const created = requireDate(deal.DATE_CREATE, 'DATE_CREATE');
  const moved = toDate(deal.MOVED_TIME) ?? created;
  return {
    id,
    stage: String(deal.STAGE_ID ?? ''),
    pipeline: idString(deal.CATEGORY_ID) ?? '0',
    outcome: semantic === 'S' ? 'won' : semantic === 'F' ? 'lost' : 'open',
    at: moved,
    moved: moved.getTime() !== created.getTime(),
    owner: idString(deal.ASSIGNED_BY_ID),
    ownerAt: toDate(deal.DATE_MODIFY) ?? moved,
    amount: decimalString(deal.OPPORTUNITY),
    currency: typeof deal.CURRENCY_ID === 'string' && deal.CURRENCY_ID ? deal.CURRENCY_ID : null,
    attributes: { title: deal.TITLE ?? null, movedBy: idString(deal.MOVED_BY_ID) },
  };
}

function created(item: EnrichmentItem, record: Record<string, unknown>) {
  const id = requireId(item, record);
  return [
    {
      externalId: `${item.object}:${id}:created`,
      type: `${item.object}.created`,
      occurredAt: requireDate(record.DATE_CREATE, 'DATE_CREATE'),
      externalEmployeeId: idString(record.ASSIGNED_BY_ID),
      amount: item.object === 'lead' ? decimalString(record.OPPORTUNITY) : null,
      currency: item.object === 'lead' && typeof record.CURRENCY_ID === 'string' ? record.CURRENCY_ID || null : null,
      attributes: { [`${item.object}Id`]: id },
    },
  ];
}

function activity(item: EnrichmentItem, record: Record<string, unknown>) {
  const id = requireId(item, record);
  const type = ACTIVITY_EVENTS[String(record.TYPE_ID)];
  if (!type || record.COMPLETED !== 'Y') return [];
  const start = toDate(record.START_TIME);
  const end = toDate(record.END_TIME);
  return [
    {
      externalId: `activity:${id}:completed`,
      type,
      occurredAt: end ?? requireDate(record.LAST_UPDATED ?? record.CREATED, 'LAST_UPDATED'),
      externalEmployeeId: idString(record.RESPONSIBLE_ID),
      amount: null,
      currency: null,
      attributes: {
        activityId: id,
        direction: record.DIRECTION === '1' ? 'incoming' : record.DIRECTION === '2' ? 'outgoing' : null,
        subject: record.SUBJECT ?? null,
        durationSeconds: start && end ? Math.max(0, Math.round((end.getTime() - start.getTime()) / 1000)) : null,
        ownerTypeId: idString(record.OWNER_TYPE_ID),
        ownerId: idString(record.OWNER_ID),
      },
    },
  ];
}
