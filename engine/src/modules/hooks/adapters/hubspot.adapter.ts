// HubSpot Webhooks API: a JSON array of events, signed v3 (HMAC with a 5-minute window) or v1/v2 (SHA-256).
// Events carry only the changed property, so deal, contact and call events are completed by a CRM v3 read;
// the stage (and its time) come from the event itself, amount, currency and owner from the read.
import { z } from 'zod';
import type { NormalizedEvent } from '../normalized-event.ts';
import {
  applyDealObservation,
  type CrmAdapter,
  classifyStage,
  type DealState,
  decimalString,
  dueIn,
  EnrichmentError,
  type EnrichmentItem,
  type EnrichmentRequest,
  type EnrichResult,
  header,
  httpFailure,
  idString,
  isVerifyResult,
  okBody,
  overdueTask,
  type ParsedItem,
  type ParseResult,
  type PollWindow,
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
import { hmacSha256, safeEqual, sha256 } from './signatures.ts';

const stageList = z.array(z.string().min(1));

export const HubSpotSettings = z.object({
  /** private-app or OAuth access token for the CRM v3 re-read */
  accessToken: z.string().min(1),
  apiBaseUrl: z.url().default('https://api.hubapi.com'),
  /** the portal (hub) id; when set, events of another portal are refused */
  portalId: z.union([z.string(), z.number()]).transform(String).optional(),
  /** the URL HubSpot calls, when the engine sits behind a proxy that rewrites it */
  publicUrl: z.url().optional(),
  /** v3 replay window; HubSpot's own SDK uses 5 minutes */
  maxAgeSeconds: z.number().int().positive().max(3600).default(300),
  /** stage meaning; the default pipeline's closedwon/closedlost are always known */
  stages: z
    .object({
      won: stageList.default([]),
      lost: stageList.default([]),
      pipelines: z.record(z.string(), z.object({ won: stageList.optional(), lost: stageList.optional() })).optional(),
    })
    .default({ won: [], lost: [] }),
});
export type HubSpotSettings = z.infer<typeof HubSpotSettings>;

const idLike = z.union([z.string().min(1), z.number().int()]).transform(String);

const HubSpotEvent = z.object({
  eventId: idLike,
  portalId: idLike,
  occurredAt: z.number().int().positive(),
  subscriptionType: z.string().min(1),
  attemptNumber: z.number().int().optional(),
  objectId: idLike,
  objectTypeId: z.string().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.union([z.string(), z.number(), z.null()]).optional(),
  changeSource: z.string().optional(),
  sourceId: z.string().optional(),
});
const Body = z.array(HubSpotEvent).min(1).max(1000);

const JSON_TYPE = 'application/json';
const DEFAULT_WON = 'closedwon';
const DEFAULT_LOST = 'closedlost';

/** HubSpot decodes these escapes in the URI before signing (v3 docs). */
const DECODED_IN_URI: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

function signedUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED_IN_URI[m.toUpperCase()] ?? m);
}

/** generic objectTypeId → the object this adapter reads */
const OBJECT_TYPES: Record<string, 'contact' | 'deal' | 'call'> = { '0-1': 'contact', '0-3': 'deal', '0-48': 'call' };

export const hubspotAdapter: CrmAdapter = {
  kind: 'hubspot',
  settingsSchema: HubSpotSettings,

  verify(source, delivery): VerifyResult {
    const settings = readSettings(HubSpotSettings, source);
    if (isVerifyResult(settings)) return settings;
    if (!source.secret) return unauthorizedResult('webhook.secret_not_configured', 'The source has no client secret');
    const secret = source.secret;
    const uri = signedUri(settings.publicUrl ?? delivery.url);
    const method = delivery.method.toUpperCase();
    const v3 = header(delivery, 'x-hubspot-signature-v3');
    if (v3 !== undefined) {
      const timestamp = header(delivery, 'x-hubspot-request-timestamp') ?? '';
      if (!/^\d+$/.test(timestamp)) {
        return unauthorizedResult('webhook.bad_timestamp', 'X-HubSpot-Request-Timestamp is missing or not a number');
      }
      const age = delivery.receivedAt.getTime() - Number(timestamp);
      if (Math.abs(age) > settings.maxAgeSeconds * 1000) {
        return unauthorizedResult('webhook.expired', `The request timestamp is ${Math.round(age / 1000)} s away`);
      }
      const expected = hmacSha256(secret, [method, uri, delivery.body, timestamp], 'base64');
      return safeEqual(v3, expected)
        ? verified
        : unauthorizedResult('webhook.bad_signature', 'X-HubSpot-Signature-v3 does not match');
    }
    const given = header(delivery, 'x-hubspot-signature');
    if (given === undefined)
      return unauthorizedResult('webhook.no_signature', 'The request carries no HubSpot signature');
    const version = (header(delivery, 'x-hubspot-signature-version') ?? 'v1').toLowerCase();
    // v1 and v2 have no timestamp, so no replay window: the KPI-level dedupe is what makes a replay harmless
    const expected =
      version === 'v2'
        ? sha256([secret, method, uri, delivery.body])
        : version === 'v1'
          ? sha256([secret, delivery.body])
          : null;
    if (expected === null) return unauthorizedResult('webhook.bad_signature', `Unknown signature version ${version}`);
    return safeEqual(given.toLowerCase(), expected)
      ? verified
      : unauthorizedResult('webhook.bad_signature', `X-HubSpot-Signature (${version}) does not match`);
  },

  parse(source, delivery): ParseResult {
    const settings = settingsOf(HubSpotSettings, source);
    requireContentType(delivery, JSON_TYPE);
    const events = parseWith(Body, parseJsonBody(delivery.body), 'HubSpot event batch');
    const items: ParsedItem[] = [];
    const skipped: ParseResult['skipped'] = [];
    const seen = new Set<string>();
    for (const event of events) {
      if (settings.portalId && event.portalId !== settings.portalId) throw wrongTenant('portalId', event.portalId);
      // a batch can repeat an event (retry of an earlier attempt): the first occurrence stands for both
      if (seen.has(event.eventId)) continue;
      seen.add(event.eventId);
      const ref = `${event.subscriptionType}:${event.eventId}`;
      const [objectName, action] = splitType(event.subscriptionType, event.objectTypeId);
      const hint = {
        eventId: event.eventId,
        subscriptionType: event.subscriptionType,
        propertyName: event.propertyName ?? null,
        propertyValue:
          event.propertyValue === undefined || event.propertyValue === null ? null : String(event.propertyValue),
        occurredAt: event.occurredAt,
        actor: event.sourceId ?? null,
      };
      if (objectName === 'deal' && action === 'propertyChange' && event.propertyName === 'hubspot_owner_id') {
        // the new owner is the value itself: no read needed, but the stored owner must move for later events
        items.push({ kind: 'enrich', object: 'deal', id: event.objectId, stateKey: `deal:${event.objectId}`, hint });
      } else if (
        objectName === 'deal' &&
        (action === 'creation' || (action === 'propertyChange' && event.propertyName === 'dealstage'))
      ) {
        items.push({ kind: 'enrich', object: 'deal', id: event.objectId, stateKey: `deal:${event.objectId}`, hint });
      } else if ((objectName === 'contact' || objectName === 'call') && action === 'creation') {
        items.push({ kind: 'enrich', object: objectName, id: event.objectId, stateKey: null, hint });
      } else {
        skipped.push({ ref, reason: 'subscription not used for KPIs' });
      }
    }
    const ids = [...seen].sort();
    const portal = events[0]?.portalId ?? '';
    const deliveryKey =
      ids.length === 1 ? `${portal}:${ids[0]}` : `${portal}:batch:${sha256([ids.join(',')]).slice(0, 32)}`;
    return { deliveryKey, items, skipped };
  },

  enrichmentRequest(source, item): EnrichmentRequest | null {
    // an owner change carries its new value: it needs the stored state, not a read
    if (item.hint.propertyName === 'hubspot_owner_id') return null;
    const settings = settingsOf(HubSpotSettings, source);
    const base = settings.apiBaseUrl.replace(/\/+$/, '');
    const [path, properties] =
      item.object === 'deal'
        ? ['deals', 'amount,deal_currency_code,dealstage,pipeline,hubspot_owner_id,closedate,hs_is_closed_won,dealname']
        : item.object === 'call'
          ? ['calls', 'hubspot_owner_id,hs_call_status,hs_call_direction,hs_call_duration,hs_timestamp']
          : ['contacts', 'hubspot_owner_id,createdate'];
    return {
      method: 'GET',
      url: `${base}/crm/v3/objects/${path}/${encodeURIComponent(item.id)}?properties=${properties}`,
      headers: { authorization: `Bearer ${settings.accessToken}`, accept: 'application/json' },
    };
  },

  enrich(source, item, response, lastKnownState): EnrichResult {
    const settings = settingsOf(HubSpotSettings, source);
    if (item.hint.propertyName === 'hubspot_owner_id') return ownerChange(item, lastKnownState);
    const failure = httpFailure(response, `HubSpot ${item.object} ${item.id}`);
    if (failure) throw failure;
    const read = ObjectRead.safeParse(response?.body);
    if (!read.success || read.data.id !== item.id) {
      throw new EnrichmentError(
        'enrich.bad_response',
        `HubSpot answered with something other than ${item.object} ${item.id}`,
        false,
      );
    }
    const props = read.data.properties;
    const occurredAt = new Date(Number(item.hint.occurredAt));
    const owner = idString(props.hubspot_owner_id);
    if (item.object === 'contact') {
      return {
        events: [simple(`contact:${item.id}:created`, 'contact.created', occurredAt, owner, { contactId: item.id })],
        newState: null,
      };
    }
    if (item.object === 'call') {
      const status = props.hs_call_status ?? null;
      if (status !== null && status !== 'COMPLETED') return { events: [], newState: null };
      const duration = Number(props.hs_call_duration);
      return {
        events: [
          simple(`call:${item.id}:completed`, 'call.completed', toDate(props.hs_timestamp) ?? occurredAt, owner, {
            callId: item.id,
            direction: props.hs_call_direction?.toLowerCase() ?? null,
            durationSeconds: Number.isFinite(duration) ? Math.round(duration / 1000) : null,
          }),
        ],
        newState: null,
      };
    }
    const amount = decimalString(props.amount);
    const currency = props.deal_currency_code || null;
    const pipeline = props.pipeline ?? null;
    const base = { id: item.id, pipeline, amount, currency, attributes: { title: props.dealname ?? null } };
    if (item.hint.subscriptionType === 'deal.creation') {
      // the read is the deal now, not at creation: it names the owner and amount but says nothing about stage history
      const created: NormalizedEvent = {
        ...simple(`deal:${item.id}:created`, 'deal.created', occurredAt, owner, { dealId: item.id, pipeline }),
        amount,
        currency,
      };
      return { events: [created], newState: lastKnownState };
    }
    const stage = String(item.hint.propertyValue ?? props.dealstage ?? '');
    const outcome = outcomeOf(settings, stage, pipeline);
    const applied = applyDealObservation(lastKnownState, {
      ...base,
      stage,
      outcome,
      at: occurredAt,
      moved: true,
      // the owner at the time of the change is the stored one (kept current by hubspot_owner_id events);
      // otherwise the one just read, which has no time of its own
      ...(lastKnownState?.owner
        ? { owner: lastKnownState.owner, ownerAt: lastKnownState.ownerAt ? new Date(lastKnownState.ownerAt) : null }
        : { owner, ownerAt: null }),
    });
    return { events: applied.events, newState: applied.state };
  },

  poller: {
    canPoll: () => true,

    changedDealsRequest(source, window, cursor) {
      return search(source, 'deals', {
        filterGroups: [{ filters: between('hs_lastmodifieddate', window) }],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
        properties: DEAL_PROPERTIES,
        cursor,
      });
    },

    changedDealsPage(source, response) {
      const settings = settingsOf(HubSpotSettings, source);
      const page = parseAnswer(SearchPage, okBody(response, 'HubSpot deal search'), 'HubSpot deal search');
      const deals = page.results.flatMap((deal) => {
        const props = deal.properties;
        // when the deal entered its stage, where the portal has it; else its last change
        const at = toDate(props.hs_v2_date_entered_current_stage) ?? toDate(props.hs_lastmodifieddate);
        if (!props.dealstage || !at) return [];
        const pipeline = props.pipeline ?? null;
        const amount = decimalString(props.amount);
        return [
          {
            id: deal.id,
            stage: props.dealstage,
            pipeline,
            outcome: outcomeOf(settings, props.dealstage, pipeline),
            at,
            // a webhook's change time and the read's stage time differ, so the read is no move of its own
            moved: false,
            owner: idString(props.hubspot_owner_id),
            ownerAt: null,
            amount,
            currency: props.deal_currency_code || null,
            attributes: { title: props.dealname ?? null },
          },
        ];
      });
      return { deals, next: page.paging?.next?.after ?? null };
    },

    overdueTasksRequest(source, window, cursor) {
      return search(source, 'tasks', {
        filterGroups: [
          {
            filters: [
              { propertyName: 'hs_task_status', operator: 'NEQ', value: 'COMPLETED' },
              ...between('hs_timestamp', window),
            ],
          },
        ],
        sorts: [{ propertyName: 'hs_timestamp', direction: 'ASCENDING' }],
        properties: ['hs_task_subject', 'hs_task_status', 'hs_task_type', 'hs_timestamp', 'hubspot_owner_id'],
        cursor,
      });
    },

    overdueTasksPage(_source, response, window) {
      const page = parseAnswer(SearchPage, okBody(response, 'HubSpot task search'), 'HubSpot task search');
      const events = page.results.flatMap((task) => {
        const props = task.properties;
        const dueAt = toDate(props.hs_timestamp);
        if (props.hs_task_status === 'COMPLETED' || !dueIn(window, dueAt)) return [];
        return [
          overdueTask({
            id: task.id,
            dueAt,
            owner: idString(props.hubspot_owner_id),
            attributes: { subject: props.hs_task_subject ?? null, taskType: props.hs_task_type ?? null },
          }),
        ];
      });
      return { events, next: page.paging?.next?.after ?? null };
    },
  },
};

const DEAL_PROPERTIES = [
  'amount',
  'deal_currency_code',
  'dealstage',
  'pipeline',
  'hubspot_owner_id',
  'dealname',
  'hs_lastmodifieddate',
  'hs_v2_date_entered_current_stage',
];

function outcomeOf(settings: HubSpotSettings, stage: string, pipeline: string | null): DealState['outcome'] {
  if (stage === DEFAULT_WON) return 'won';
  if (stage === DEFAULT_LOST) return 'lost';
  return classifyStage(settings.stages, stage, pipeline);
}

/** Search filters for a datetime property in the window (epoch milliseconds, as HubSpot compares them). */
function between(propertyName: string, window: PollWindow) {
  return [
    { propertyName, operator: 'GT', value: String(window.from.getTime()) },
    { propertyName, operator: 'LTE', value: String(window.to.getTime()) },
  ];
}

/** `POST /crm/v3/objects/{type}/search`, 100 a page (HubSpot's largest), `after` the cursor of the last page. */
function search(
  source: SourceConfig,
  type: 'deals' | 'tasks',
  query: {
    filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[];
    sorts: { propertyName: string; direction: 'ASCENDING' }[];
    properties: string[];
    cursor: string | null;
  },
): EnrichmentRequest {
  const settings = settingsOf(HubSpotSettings, source);
  const { cursor, ...body } = query;
  return {
    method: 'POST',
    url: `${settings.apiBaseUrl.replace(/\/+$/, '')}/crm/v3/objects/${type}/search`,
    headers: {
      authorization: `Bearer ${settings.accessToken}`,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ ...body, limit: 100, ...(cursor === null ? {} : { after: cursor }) }),
  };
}

/** The new owner is the event's value; it moves the stored attribution for later transitions. */
function ownerChange(item: EnrichmentItem, last: DealState | null): EnrichResult {
  const occurredAt = new Date(Number(item.hint.occurredAt));
  const owner = idString(item.hint.propertyValue);
  if (last === null) {
    // no stage seen yet, so nothing to re-attribute; the first transition's read names the owner then
    return { events: [], newState: null };
  }
  const applied = applyDealObservation(last, {
    id: item.id,
    stage: last.stage,
    pipeline: last.pipeline,
    outcome: last.outcome,
    at: new Date(last.at),
    moved: false,
    owner,
    ownerAt: occurredAt,
    amount: null,
    currency: null,
    attributes: {},
  });
  return { events: applied.events, newState: applied.state };
}

const ObjectRead = z.object({
  id: z.string(),
  properties: z.record(
    z.string(),
    z
      .string()
      .nullable()
      .optional()
      .transform((v) => v ?? undefined),
  ),
});
const SearchPage = z.object({
  results: z.array(ObjectRead),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

function simple(
  externalId: string,
  type: string,
  occurredAt: Date,
  owner: string | null,
  attributes: Record<string, unknown>,
): NormalizedEvent {
  return { externalId, type, occurredAt, externalEmployeeId: owner, amount: null, currency: null, attributes };
}

function splitType(subscriptionType: string, objectTypeId: string | undefined): [string, string] {
  const [objectName = '', action = ''] = subscriptionType.split('.');
  if (objectName === 'object') {
    const mapped = objectTypeId ? OBJECT_TYPES[objectTypeId] : undefined;
    return [mapped ?? `object:${objectTypeId ?? '?'}`, action];
  }
  return [objectName, action];
}
