// Twenty CRM webhooks: one record per request, signed with HMAC-SHA256 of `timestamp:body` and checked inside a
// timestamp window. Twenty has no won/lost marker, so stage meaning comes from the source settings (the default
// pipeline's terminal stage CUSTOMER counts as won; no stage counts as lost unless configured).
import { z } from 'zod';
import type { NormalizedEvent } from '../normalized-event.ts';
import {
  applyDealObservation,
  type CrmAdapter,
  classifyStage,
  type DealObservation,
  dueIn,
  EnrichmentError,
  type EnrichmentRequest,
  type EnrichResult,
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
import { hmacSha256, safeEqual } from './signatures.ts';

const stageList = z.array(z.string().min(1));

export const TwentySettings = z.object({
  /** when set, deliveries of another workspace are refused */
  workspaceId: z.string().min(1).optional(),
  /** how far the signed timestamp may be from the arrival time */
  toleranceSeconds: z.number().int().positive().max(86_400).default(300),
  stages: z
    .object({
      won: stageList.default(['CUSTOMER']),
      lost: stageList.default([]),
      pipelines: z.record(z.string(), z.object({ won: stageList.optional(), lost: stageList.optional() })).optional(),
    })
    .default({ won: ['CUSTOMER'], lost: [] }),
  /** the record field holding the owner's workspace member id, e.g. `ownerId` or `accountOwnerId`;
   *  without it the record's creator stands in for the owner (the standard objects have no owner) */
  ownerField: z.string().min(1).optional(),
  /** the workspace's API origin, e.g. https://crm.example.com or https://api.twenty.com, for reconciliation polling */
  apiBaseUrl: z.url().optional(),
  /** an API key (Settings → APIs & Webhooks) */
  apiKey: z.string().min(1).optional(),
});
export type TwentySettings = z.infer<typeof TwentySettings>;

const Body = z.object({
  eventName: z.string().regex(/^[a-zA-Z0-9_]+\.[a-z]+$/, 'expected an event name such as opportunity.updated'),
  workspaceId: z.string().optional(),
  eventDate: z.string().optional(),
  record: z.looseObject({ id: z.string().min(1) }),
  updatedFields: z.array(z.string()).optional(),
});

export const twentyAdapter: CrmAdapter = {
  kind: 'twenty',
  settingsSchema: TwentySettings,

  verify(source, delivery): VerifyResult {
    const settings = readSettings(TwentySettings, source);
    if (isVerifyResult(settings)) return settings;
    if (!source.secret) return unauthorizedResult('webhook.secret_not_configured', 'The source has no webhook secret');
    const signature = header(delivery, 'x-twenty-webhook-signature');
    const timestamp = header(delivery, 'x-twenty-webhook-timestamp');
    if (!signature || !timestamp) {
      return unauthorizedResult('webhook.no_signature', 'X-Twenty-Webhook-Signature and -Timestamp are required');
    }
    if (!/^\d+$/.test(timestamp))
      return unauthorizedResult('webhook.bad_timestamp', 'X-Twenty-Webhook-Timestamp is not a number');
    const skew = delivery.receivedAt.getTime() - Number(timestamp);
    if (Math.abs(skew) > settings.toleranceSeconds * 1000) {
      return unauthorizedResult('webhook.expired', `The signed timestamp is ${Math.round(skew / 1000)} s away`);
    }
    const expected = hmacSha256(source.secret, [timestamp, ':', delivery.body], 'hex');
    if (!safeEqual(signature.toLowerCase(), expected)) {
      return unauthorizedResult('webhook.bad_signature', 'X-Twenty-Webhook-Signature does not match');
    }
    // the nonce is random per HTTP attempt: seen twice inside the window means a replayed capture
    const nonce = header(delivery, 'x-twenty-webhook-nonce');
    return nonce ? { ok: true, nonce: { value: nonce, windowMs: 2 * settings.toleranceSeconds * 1000 } } : verified;
  },

  parse(source, delivery): ParseResult {
    const settings = settingsOf(TwentySettings, source);
    requireContentType(delivery, 'application/json');
    const body = parseWith(Body, parseJsonBody(delivery.body), 'Twenty webhook');
    if (settings.workspaceId && body.workspaceId !== settings.workspaceId)
      throw wrongTenant('workspaceId', body.workspaceId);
    const record = body.record;
    const updatedAt = toDate(record.updatedAt) ?? toDate(body.eventDate);
    const fields = [...(body.updatedFields ?? [])].sort();
    const deliveryKey = `${body.eventName}:${record.id}:${updatedAt?.toISOString() ?? ''}:${fields.join(',')}`;
    const item = toItem(settings, body.eventName, record, fields, updatedAt);
    return {
      deliveryKey,
      items: item ? [item] : [],
      skipped: item ? [] : [{ ref: body.eventName, reason: 'no KPI transition in this event' }],
    };
  },

  // a stage update carries the whole record: it needs the deal's stored state, never a read
  enrichmentRequest(_source, item): null {
    if (item.object !== 'deal') {
      throw new EnrichmentError('enrich.unknown_item', `No Twenty enrichment for ${item.object}`, false);
    }
    return null;
  },

  enrich(source, item, _response, lastKnownState): EnrichResult {
    const settings = settingsOf(TwentySettings, source);
    const { hint } = item;
    const at = toDate(hint.at);
    if (item.object !== 'deal' || typeof hint.stage !== 'string' || !at) {
      throw new EnrichmentError('enrich.unknown_item', `No Twenty enrichment for this ${item.object} item`, false);
    }
    const pipeline = typeof hint.pipeline === 'string' ? hint.pipeline : null;
    const applied = applyDealObservation(lastKnownState, {
      id: item.id,
      stage: hint.stage,
      pipeline,
      outcome: classifyStage(settings.stages, hint.stage, pipeline),
      at,
      moved: true,
      owner: typeof hint.owner === 'string' ? hint.owner : null,
      // the owner has no time of its own here: it fills in, it is not an owner change
      ownerAt: null,
      amount: typeof hint.amount === 'string' ? hint.amount : null,
      currency: typeof hint.currency === 'string' ? hint.currency : null,
      attributes: { title: hint.title ?? null },
    });
    return { events: applied.events, newState: applied.state };
  },

  poller: {
    canPoll(source) {
      const settings = TwentySettings.safeParse(source.settings);
      return settings.success && Boolean(settings.data.apiBaseUrl && settings.data.apiKey);
    },

    changedDealsRequest(source, window, cursor) {
      return list(source, 'opportunities', {
        filter: `and(updatedAt[gt]:"${window.from.toISOString()}",updatedAt[lte]:"${window.to.toISOString()}")`,
        order_by: 'updatedAt[AscNullsFirst]',
        cursor,
      });
    },

    changedDealsPage(source, response) {
      const settings = settingsOf(TwentySettings, source);
      const page = readPage(response, 'opportunities', 'Twenty opportunities');
      return { deals: page.records.flatMap((record) => dealObservation(settings, record) ?? []), next: page.next };
    },

    overdueTasksRequest(source, window, cursor) {
      return list(source, 'tasks', {
        filter: `and(status[neq]:"DONE",dueAt[gt]:"${window.from.toISOString()}",dueAt[lte]:"${window.to.toISOString()}")`,
        order_by: 'dueAt[AscNullsLast]',
        cursor,
      });
    },

    overdueTasksPage(_source, response, window) {
      const page = readPage(response, 'tasks', 'Twenty tasks');
      const events = page.records.flatMap((task) => {
        const id = idString(task.id);
        const dueAt = toDate(task.dueAt);
        if (!id || task.status === 'DONE' || !dueIn(window, dueAt)) return [];
        return [
          overdueTask({
            id,
            dueAt,
            owner: memberId(task.assigneeId) ?? memberId(task.createdBy),
            attributes: { title: task.title ?? null },
          }),
        ];
      });
      return { events, next: page.next };
    },
  },
};

/** Twenty's largest REST page */
const PAGE = 200;

/** `GET /rest/{objects}` with the API key, a filter, an order and the `starting_after` cursor. */
function list(
  source: SourceConfig,
  objects: string,
  query: { filter: string; order_by: string; cursor: string | null },
): EnrichmentRequest {
  const settings = settingsOf(TwentySettings, source);
  if (!settings.apiBaseUrl || !settings.apiKey) {
    throw new EnrichmentError(
      'enrich.not_configured',
      'The Twenty source has no apiBaseUrl/apiKey for REST reads',
      false,
    );
  }
  const { cursor, ...rest } = query;
  const params = new URLSearchParams({
    ...rest,
    limit: String(PAGE),
    ...(cursor === null ? {} : { starting_after: cursor }),
  });
  return {
    method: 'GET',
    url: `${settings.apiBaseUrl.replace(/\/+$/, '')}/rest/${objects}?${params}`,
    headers: { authorization: `Bearer ${settings.apiKey}`, accept: 'application/json' },
  };
}

function readPage(
  response: { status: number; body: unknown },
  objects: string,
  what: string,
): { records: Record<string, unknown>[]; next: string | null } {
  const page = parseAnswer(
    z.object({
      data: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
      pageInfo: z
        .object({ hasNextPage: z.boolean().optional(), endCursor: z.string().nullable().optional() })
        .optional(),
    }),
    okBody(response, what),
    what,
  );
  const records = page.data[objects];
  if (!records) throw new EnrichmentError('enrich.bad_response', `${what}: the answer has no data.${objects}`, false);
  return { records, next: page.pageInfo?.hasNextPage && page.pageInfo.endCursor ? page.pageInfo.endCursor : null };
}

/**
 * An opportunity as the REST API returns it. Twenty keeps no time of the stage change, only of the last change:
 * the read is no move of its own (a stage differing from the stored one is), and a won or lost deal is dated by
 * its last change, which is the webhook's time unless the record was edited since.
 */
function dealObservation(settings: TwentySettings, record: Record<string, unknown>): DealObservation | null {
  const id = idString(record.id);
  const stage = typeof record.stage === 'string' ? record.stage : null;
  const at = toDate(record.updatedAt);
  if (!id || !stage || !at || record.deletedAt) return null;
  const pipeline = typeof record.pipelineId === 'string' ? record.pipelineId : null;
  const money = amountOf(record);
  return {
    id,
    stage,
    pipeline,
    outcome: classifyStage(settings.stages, stage, pipeline),
    at,
    moved: false,
    owner: ownerOf(settings, record),
    ownerAt: null,
    ...money,
    attributes: { title: record.name ?? null },
  };
}

function ownerOf(settings: TwentySettings, record: Record<string, unknown>): string | null {
  return (settings.ownerField ? memberId(record[settings.ownerField]) : null) ?? memberId(record.createdBy);
}

function amountOf(record: Record<string, unknown>): { amount: string | null; currency: string | null } {
  const field =
    typeof record.amount === 'object' && record.amount !== null ? (record.amount as Record<string, unknown>) : {};
  const amount = micros(field.amountMicros);
  const currency = amount !== null && typeof field.currencyCode === 'string' ? field.currencyCode || null : null;
  return { amount, currency };
}

function memberId(value: unknown): string | null {
  if (typeof value === 'string') return idString(value);
  if (typeof value === 'object' && value !== null && 'workspaceMemberId' in value)
    return idString(value.workspaceMemberId);
  return null;
}

/** amountMicros (an integer count of millionths) → a decimal string, without floating point */
function micros(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  let n: bigint;
  try {
    n = BigInt(typeof value === 'number' ? Math.trunc(value) : String(value));
  } catch {
    return null;
  }
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const whole = abs / 1_000_000n;
  const fraction = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

function toItem(
  settings: TwentySettings,
  eventName: string,
  record: Record<string, unknown> & { id: string },
  fields: string[],
  updatedAt: Date | null,
): ParsedItem | null {
  const event = (e: NormalizedEvent): ParsedItem => ({ kind: 'event', event: e });
  const [object, operation] = eventName.split('.') as [string, string];
  const owner = ownerOf(settings, record);
  const createdAt = toDate(record.createdAt) ?? updatedAt;
  if (object === 'person' && operation === 'created') {
    if (!createdAt) return null;
    return event({
      externalId: `contact:${record.id}:created`,
      type: 'contact.created',
      occurredAt: createdAt,
      externalEmployeeId: owner,
      amount: null,
      currency: null,
      attributes: { contactId: record.id, companyId: record.companyId ?? null },
    });
  }
  if (object !== 'opportunity') return null;
  const { amount, currency } = amountOf(record);
  const stage = typeof record.stage === 'string' ? record.stage : null;
  const pipeline = typeof record.pipelineId === 'string' ? record.pipelineId : null;
  const attributes = { dealId: record.id, stage, pipeline, title: record.name ?? null };
  const base = { externalEmployeeId: owner, amount, currency };
  if (operation === 'created') {
    if (!createdAt) return null;
    return event({
      ...base,
      externalId: `deal:${record.id}:created`,
      type: 'deal.created',
      occurredAt: createdAt,
      attributes,
    });
  }
  if (operation !== 'updated' || !fields.includes('stage') || stage === null || !updatedAt) return null;
  // No previous stage is sent: the move is compared with the deal's stored state (as a poll's read is), ordered
  // by its time, so a reordered or repeated update, or one the poll saw first, yields no second event.
  return {
    kind: 'enrich',
    object: 'deal',
    id: record.id,
    stateKey: `deal:${record.id}`,
    hint: {
      stage,
      pipeline,
      at: updatedAt.toISOString(),
      owner,
      amount,
      currency,
      title: typeof record.name === 'string' ? record.name : null,
    },
  };
}
