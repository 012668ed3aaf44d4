// Twenty CRM webhooks: one record per request, signed with HMAC-SHA256 of `timestamp:body` and checked inside a
// timestamp window. Twenty has no won/lost marker, so stage meaning comes from the source settings (the default
// pipeline's terminal stage CUSTOMER counts as won; no stage counts as lost unless configured).
import { z } from 'zod';
import type { NormalizedEvent } from '../normalized-event.ts';
import {
  type CrmAdapter,
  classifyStage,
  EnrichmentError,
  header,
  idString,
  isVerifyResult,
  type ParsedItem,
  type ParseResult,
  parseJsonBody,
  parseWith,
  readSettings,
  requireContentType,
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
    const event = toEvent(settings, body.eventName, record, fields, updatedAt);
    return {
      deliveryKey,
      items: event ? [{ kind: 'event', event } satisfies ParsedItem] : [],
      skipped: event ? [] : [{ ref: body.eventName, reason: 'no KPI transition in this event' }],
    };
  },

  enrichmentRequest(): never {
    throw new EnrichmentError('enrich.unknown_item', 'Twenty deliveries are complete; nothing to re-read', false);
  },

  enrich(): never {
    throw new EnrichmentError('enrich.unknown_item', 'Twenty deliveries are complete; nothing to re-read', false);
  },
};

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

function toEvent(
  settings: TwentySettings,
  eventName: string,
  record: Record<string, unknown> & { id: string },
  fields: string[],
  updatedAt: Date | null,
): NormalizedEvent | null {
  const [object, operation] = eventName.split('.') as [string, string];
  const owner = (settings.ownerField ? memberId(record[settings.ownerField]) : null) ?? memberId(record.createdBy);
  const createdAt = toDate(record.createdAt) ?? updatedAt;
  if (object === 'person' && operation === 'created') {
    if (!createdAt) return null;
    return {
      externalId: `contact:${record.id}:created`,
      type: 'contact.created',
      occurredAt: createdAt,
      externalEmployeeId: owner,
      amount: null,
      currency: null,
      attributes: { contactId: record.id, companyId: record.companyId ?? null },
    };
  }
  if (object !== 'opportunity') return null;
  const amountField =
    typeof record.amount === 'object' && record.amount !== null ? (record.amount as Record<string, unknown>) : {};
  const amount = micros(amountField.amountMicros);
  const currency =
    amount !== null && typeof amountField.currencyCode === 'string' ? amountField.currencyCode || null : null;
  const stage = typeof record.stage === 'string' ? record.stage : null;
  const pipeline = typeof record.pipelineId === 'string' ? record.pipelineId : null;
  const attributes = { dealId: record.id, stage, pipeline, title: record.name ?? null };
  const base = { externalEmployeeId: owner, amount, currency };
  if (operation === 'created') {
    if (!createdAt) return null;
    return {
      ...base,
      externalId: `deal:${record.id}:created`,
      type: 'deal.created',
      occurredAt: createdAt,
      attributes,
    };
  }
  if (operation !== 'updated' || !fields.includes('stage') || stage === null || !updatedAt) return null;
  // no previous stage is sent: each stage update stands on its own time, so reordering cannot invent a reopen
  const outcome = classifyStage(settings.stages, stage, pipeline);
  const at = updatedAt.toISOString();
  const [type, key] =
    outcome === 'won'
      ? ['deal.won', `won:${at}`]
      : outcome === 'lost'
        ? ['deal.lost', `lost:${at}`]
        : ['deal.stage_changed', `stage:${stage}:${at}`];
  return { ...base, externalId: `deal:${record.id}:${key}`, type, occurredAt: updatedAt, attributes };
}
