import { describe, expect, it } from 'vitest';
import type { DealState, EnrichmentItem, SourceConfig } from './adapter.ts';
import { hubspotAdapter as hubspot } from './hubspot.adapter.ts';
import { delivery, fixture, fixtureJson, wireJson } from './testing.ts';

const source: SourceConfig = {
  id: 'hs',
  kind: 'hubspot',
  secret: 'sample-client-secret-0000',
  settings: { accessToken: 'pat-sample', portalId: 12345678 },
};
const SIGNED_URL = 'https://kpi.example.com/webhooks/hubspot?tenant=acme';
const TIMESTAMP = 1736409410000;
const V3 = 'hnsycKsLc2VUehy7cevKImn1pMpcS6b/PQBIz7nOVzQ=';
const V2 = '8b42243b3a52387123738897ee7431fcb96aef01a124cf7d7a18e5ae03c7b390';
const V1 = '533e031e5590f645c6bccf8dd019b062aa3f4b66dc07ef2269506e69d2505a5e';

const signed = (
  headers: Record<string, string>,
  at = TIMESTAMP + 2000,
  body = fixture('hubspot/signature-example.body.json'),
) =>
  delivery(body, {
    url: SIGNED_URL,
    headers: { 'Content-Type': 'application/json', ...headers },
    receivedAt: new Date(at),
  });

const readDeal = (overrides: Record<string, string | null> = {}) => {
  const body = fixtureJson('hubspot/rest/crm-v3-deal-get.response.json') as { properties: Record<string, unknown> };
  return { status: 200, body: { ...body, properties: { ...body.properties, ...overrides } } };
};

function parse(path: string | unknown[]) {
  const body = typeof path === 'string' ? wireJson(path) : Buffer.from(JSON.stringify(path));
  return hubspot.parse(source, delivery(body, { headers: { 'content-type': 'application/json' } }));
}

function enrichAll(items: ReturnType<typeof parse>['items'], response = readDeal(), state: DealState | null = null) {
  let current = state;
  const events = [];
  for (const item of items) {
    if (item.kind !== 'enrich') throw new Error('expected an enrichment item');
    const result = hubspot.enrich(source, item, response, current);
    events.push(...result.events);
    current = result.newState;
  }
  return { events, state: current };
}

describe('HubSpot signatures (fixture vectors)', () => {
  it('accepts the v3 signature inside the 5-minute window', () => {
    expect(
      hubspot.verify(
        source,
        signed({ 'X-HubSpot-Signature-v3': V3, 'X-HubSpot-Request-Timestamp': String(TIMESTAMP) }),
      ),
    ).toEqual({ ok: true });
  });

  it('uses the configured public URL when a proxy rewrote the one the engine sees', () => {
    const behindProxy = { ...source, settings: { ...source.settings, publicUrl: SIGNED_URL } };
    const d = {
      ...signed({ 'X-HubSpot-Signature-v3': V3, 'X-HubSpot-Request-Timestamp': String(TIMESTAMP) }),
      url: 'http://10.0.0.5:3000/hooks/hs',
    };
    expect(hubspot.verify(behindProxy, d)).toEqual({ ok: true });
  });

  it('decodes the escapes HubSpot decodes before signing the URI', () => {
    const d = signed({ 'X-HubSpot-Signature-v3': V3, 'X-HubSpot-Request-Timestamp': String(TIMESTAMP) });
    expect(
      hubspot.verify(source, { ...d, url: 'https%3A%2F%2Fkpi.example.com/webhooks/hubspot%3Ftenant=acme' }),
    ).toEqual({ ok: true });
  });

  it('refuses a v3 signature older than 5 minutes, even with a valid v1 beside it', () => {
    const result = hubspot.verify(
      source,
      signed(
        {
          'X-HubSpot-Signature-v3': V3,
          'X-HubSpot-Request-Timestamp': String(TIMESTAMP),
          'X-HubSpot-Signature': V1,
          'X-HubSpot-Signature-Version': 'v1',
        },
        TIMESTAMP + 300_001,
      ),
    );
    expect(result).toMatchObject({ ok: false, status: 401, code: 'webhook.expired' });
  });

  it('refuses a v3 timestamp from the future beyond the window', () => {
    const result = hubspot.verify(
      source,
      signed({ 'X-HubSpot-Signature-v3': V3, 'X-HubSpot-Request-Timestamp': String(TIMESTAMP) }, TIMESTAMP - 301_000),
    );
    expect(result).toMatchObject({ ok: false, code: 'webhook.expired' });
  });

  it('refuses a bad v3 signature, a tampered body and a wrong secret', () => {
    const headers = { 'X-HubSpot-Signature-v3': V3, 'X-HubSpot-Request-Timestamp': String(TIMESTAMP) };
    expect(hubspot.verify(source, signed({ ...headers, 'X-HubSpot-Signature-v3': `x${V3.slice(1)}` }))).toMatchObject({
      status: 401,
      code: 'webhook.bad_signature',
    });
    const tampered = Buffer.from(
      fixture('hubspot/signature-example.body.json').toString().replace('closedwon', 'closedlost'),
    );
    expect(hubspot.verify(source, signed(headers, TIMESTAMP + 2000, tampered))).toMatchObject({
      code: 'webhook.bad_signature',
    });
    expect(hubspot.verify({ ...source, secret: 'other' }, signed(headers))).toMatchObject({
      code: 'webhook.bad_signature',
    });
  });

  it('accepts v1 and v2 and refuses them when wrong', () => {
    expect(hubspot.verify(source, signed({ 'X-HubSpot-Signature': V1, 'X-HubSpot-Signature-Version': 'v1' }))).toEqual({
      ok: true,
    });
    expect(hubspot.verify(source, signed({ 'X-HubSpot-Signature': V2, 'X-HubSpot-Signature-Version': 'v2' }))).toEqual({
      ok: true,
    });
    expect(
      hubspot.verify(source, signed({ 'X-HubSpot-Signature': V2, 'X-HubSpot-Signature-Version': 'v1' })),
    ).toMatchObject({ code: 'webhook.bad_signature' });
    expect(
      hubspot.verify(source, signed({ 'X-HubSpot-Signature': V1, 'X-HubSpot-Signature-Version': 'v2' })),
    ).toMatchObject({ code: 'webhook.bad_signature' });
    expect(
      hubspot.verify(source, signed({ 'X-HubSpot-Signature': V1, 'X-HubSpot-Signature-Version': 'v9' })),
    ).toMatchObject({ status: 401 });
  });

  it('accepts the header set of headers.example.txt (v3 decides when present)', () => {
    const lines = fixture('hubspot/headers.example.txt').toString().split('\n').slice(1);
    const headers = Object.fromEntries(
      lines.filter((l) => /^X-|^Content-Type/.test(l)).map((l) => l.split(': ') as [string, string]),
    );
    expect(hubspot.verify(source, signed(headers))).toEqual({ ok: true });
  });

  it('refuses a delivery without a signature, and a source without a secret', () => {
    expect(hubspot.verify(source, signed({}))).toMatchObject({ status: 401, code: 'webhook.no_signature' });
    expect(hubspot.verify({ ...source, secret: null }, signed({ 'X-HubSpot-Signature': V1 }))).toMatchObject({
      status: 401,
    });
  });

  it('reports invalid settings instead of verifying', () => {
    expect(hubspot.verify({ ...source, settings: {} }, signed({ 'X-HubSpot-Signature': V1 }))).toMatchObject({
      ok: false,
      status: 500,
      code: 'webhook.source_misconfigured',
    });
  });
});

describe('HubSpot samples', () => {
  it("deal won: a deal read brings owner and amount; the stage and time are the event's", () => {
    const parsed = parse('hubspot/deal-won.json');
    expect(parsed.deliveryKey).toBe('12345678:1002');
    expect(parsed.items).toEqual([
      expect.objectContaining({ kind: 'enrich', object: 'deal', id: '17283549612', stateKey: 'deal:17283549612' }),
    ]);
    const request = hubspot.enrichmentRequest(source, parsed.items[0] as EnrichmentItem);
    expect(request?.method).toBe('GET');
    expect(request?.url).toMatch(
      /^https:\/\/api\.hubapi\.com\/crm\/v3\/objects\/deals\/17283549612\?properties=.*amount.*hubspot_owner_id/,
    );
    expect(request?.headers.authorization).toBe('Bearer pat-sample');
    const { events, state } = enrichAll(parsed.items);
    expect(events).toEqual([
      {
        externalId: 'deal:17283549612:won:2025-01-09T07:56:47.123Z',
        type: 'deal.won',
        occurredAt: new Date(1736409407123),
        externalEmployeeId: '10420865',
        amount: '19090',
        currency: 'EUR',
        attributes: expect.objectContaining({ dealId: '17283549612', stage: 'closedwon', pipeline: 'default' }),
      },
    ]);
    expect(state).toMatchObject({ stage: 'closedwon', outcome: 'won', owner: '10420865' });
  });

  it('deal stage changed', () => {
    const { events } = enrichAll(
      parse('hubspot/deal-stage-changed.json').items,
      readDeal({ dealstage: 'contractsent' }),
    );
    expect(events.map((e) => [e.type, e.externalId])).toEqual([
      ['deal.stage_changed', 'deal:17283549612:stage:contractsent:2025-01-09T06:56:47.123Z'],
    ]);
  });

  it('deal created', () => {
    const { events } = enrichAll(parse('hubspot/deal-created.json').items);
    expect(events).toEqual([
      expect.objectContaining({
        externalId: 'deal:17283549612:created',
        type: 'deal.created',
        externalEmployeeId: '10420865',
        amount: '19090',
        currency: 'EUR',
      }),
    ]);
  });

  it('contact created, re-read for its owner', () => {
    const parsed = parse('hubspot/contact-created.json');
    const item = parsed.items[0] as EnrichmentItem;
    expect(hubspot.enrichmentRequest(source, item)?.url).toContain(
      '/crm/v3/objects/contacts/65059681032?properties=hubspot_owner_id',
    );
    const result = hubspot.enrich(
      source,
      item,
      { status: 200, body: { id: '65059681032', properties: { hubspot_owner_id: '10420865' } } },
      null,
    );
    expect(result.events).toEqual([
      expect.objectContaining({
        externalId: 'contact:65059681032:created',
        type: 'contact.created',
        externalEmployeeId: '10420865',
      }),
    ]);
  });

  it('call created (generic object.creation 0-48), re-read for owner and status', () => {
    const item = parse('hubspot/call-created.generic.json').items[0] as EnrichmentItem;
    expect(item.object).toBe('call');
    expect(hubspot.enrichmentRequest(source, item)?.url).toContain('/crm/v3/objects/calls/51234567890');
    const body = {
      id: '51234567890',
      properties: {
        hubspot_owner_id: '10420865',
        hs_call_status: 'COMPLETED',
        hs_call_duration: '272000',
        hs_call_direction: 'OUTBOUND',
      },
    };
    const { events } = hubspot.enrich(source, item, { status: 200, body }, null);
    expect(events).toEqual([
      expect.objectContaining({
        externalId: 'call:51234567890:completed',
        type: 'call.completed',
        externalEmployeeId: '10420865',
        attributes: expect.objectContaining({ durationSeconds: 272, direction: 'outbound' }),
      }),
    ]);
    const planned = hubspot.enrich(
      source,
      item,
      { status: 200, body: { ...body, properties: { ...body.properties, hs_call_status: 'SCHEDULED' } } },
      null,
    );
    expect(planned.events).toEqual([]);
  });

  it('deal lost (documented variant) and a custom pipeline mapped in settings', () => {
    const lost = [
      {
        eventId: 1003,
        portalId: 12345678,
        occurredAt: 1736409500000,
        subscriptionType: 'deal.propertyChange',
        objectId: 17283549612,
        propertyName: 'dealstage',
        propertyValue: 'closedlost',
      },
    ];
    expect(enrichAll(parse(lost).items).events.map((e) => e.type)).toEqual(['deal.lost']);
    const custom = {
      ...source,
      settings: {
        ...source.settings,
        stages: { won: [], lost: [], pipelines: { '777': { won: ['9001'], lost: ['9002'] } } },
      },
    };
    const event = { ...lost[0], propertyValue: '9001' };
    const item = hubspot.parse(
      custom,
      delivery(Buffer.from(JSON.stringify([event])), { headers: { 'content-type': 'application/json' } }),
    ).items[0] as EnrichmentItem;
    expect(hubspot.enrich(custom, item, readDeal({ pipeline: '777' }), null).events.map((e) => e.type)).toEqual([
      'deal.won',
    ]);
  });

  it('owner changed: the new owner comes from the event and moves the stored attribution', () => {
    const state: DealState = {
      stage: 'contractsent',
      pipeline: 'default',
      outcome: 'open',
      at: '2025-01-09T06:56:47.123Z',
      owner: '10420865',
      ownerAt: '2025-01-09T05:00:00.000Z',
    };
    const change = [
      {
        eventId: 1005,
        portalId: 12345678,
        occurredAt: 1736407000000,
        subscriptionType: 'deal.propertyChange',
        objectId: 17283549612,
        propertyName: 'hubspot_owner_id',
        propertyValue: '555',
      },
    ];
    const ownerItem = parse(change).items[0] as EnrichmentItem;
    expect(hubspot.enrichmentRequest(source, ownerItem)).toBeNull();
    const result = {
      events: hubspot.enrich(source, ownerItem, null, state).events,
      state: hubspot.enrich(source, ownerItem, null, state).newState,
    };
    expect(result.events).toEqual([
      expect.objectContaining({
        type: 'deal.owner_changed',
        externalEmployeeId: '555',
        attributes: { dealId: '17283549612', previousOwner: '10420865', owner: '555' },
      }),
    ]);
    // the next win is attributed to the new owner, whatever the read says
    const won = enrichAll(
      parse('hubspot/deal-won.json').items,
      readDeal({ hubspot_owner_id: '10420865' }),
      result.state,
    );
    expect(won.events.map((e) => e.externalEmployeeId)).toEqual(['555']);
  });

  it('skips subscriptions that carry nothing for KPIs', () => {
    const parsed = parse([
      { eventId: 9, portalId: 12345678, occurredAt: 1, subscriptionType: 'company.creation', objectId: 1 },
    ]);
    expect(parsed.items).toEqual([]);
    expect(parsed.skipped).toEqual([{ ref: 'company.creation:9', reason: 'subscription not used for KPIs' }]);
  });
});

describe('HubSpot redelivery and reordering', () => {
  const stage = (eventId: number, value: string, occurredAt: number, attemptNumber = 0) => ({
    eventId,
    portalId: 12345678,
    occurredAt,
    subscriptionType: 'deal.propertyChange',
    attemptNumber,
    objectId: 17283549612,
    propertyName: 'dealstage',
    propertyValue: value,
  });

  it('a batch repeating an event (a retry) yields one item; a redelivered batch has the same delivery key', () => {
    const batch = [
      stage(1001, 'contractsent', 1736405807123),
      stage(1002, 'closedwon', 1736409407123),
      stage(1001, 'contractsent', 1736405807123, 1),
    ];
    const first = parse(batch);
    expect(first.items).toHaveLength(2);
    expect(parse([...batch].reverse()).deliveryKey).toBe(first.deliveryKey);
    expect(enrichAll(first.items).events.map((e) => e.type)).toEqual(['deal.stage_changed', 'deal.won']);
  });

  it('enriching the same event twice emits nothing the second time', () => {
    const once = enrichAll(parse('hubspot/deal-won.json').items);
    const twice = enrichAll(parse('hubspot/deal-won.json').items, readDeal(), once.state);
    expect(twice.events).toEqual([]);
    expect(twice.state).toEqual(once.state);
  });

  it('a stale "contract sent" after the win neither repeats the win nor reopens', () => {
    const won = enrichAll(parse([stage(1002, 'closedwon', 1736409407123)]).items);
    const stale = enrichAll(parse([stage(1001, 'contractsent', 1736405807123)]).items, readDeal(), won.state);
    expect(stale.events.map((e) => e.type)).toEqual(['deal.stage_changed']);
    expect(stale.state).toEqual(won.state);
  });

  it('the same events in any arrival order give the same events and the same final state', () => {
    const [sent, won, lost] = [
      stage(1001, 'contractsent', 1736405807123),
      stage(1002, 'closedwon', 1736409407123),
      stage(1008, 'closedlost', 1736409900000),
    ];
    const run = (order: ReturnType<typeof stage>[]) => {
      let state: DealState | null = null;
      const keys: string[] = [];
      for (const event of order) {
        const result = enrichAll(parse([event]).items, readDeal(), state);
        keys.push(...result.events.map((e) => e.externalId));
        state = result.state;
      }
      return { keys: [...keys].sort(), state };
    };
    const inOrder = run([sent, won, lost]);
    expect(inOrder.keys).toEqual([
      'deal:17283549612:lost:2025-01-09T08:05:00.000Z',
      'deal:17283549612:stage:contractsent:2025-01-09T06:56:47.123Z',
      'deal:17283549612:won:2025-01-09T07:56:47.123Z',
    ]);
    expect(run([won, sent, lost])).toEqual(inOrder);
    expect(run([sent, lost, won]).state).toEqual(inOrder.state);
    // a win that arrives after the later loss is never counted late (it could double-count); the loss stands
    expect(run([lost, won, sent]).keys).toEqual([
      'deal:17283549612:lost:2025-01-09T08:05:00.000Z',
      'deal:17283549612:stage:contractsent:2025-01-09T06:56:47.123Z',
    ]);
  });

  it('a real reopen after the win is reported once', () => {
    const won = enrichAll(parse([stage(1002, 'closedwon', 1736409407123)]).items);
    const reopened = enrichAll(parse([stage(1008, 'contractsent', 1736409500000)]).items, readDeal(), won.state);
    expect(reopened.events.map((e) => e.type)).toEqual(['deal.reopened']);
    const again = enrichAll(parse([stage(1009, 'closedwon', 1736409600000)]).items, readDeal(), reopened.state);
    expect(again.events.map((e) => e.externalId)).toEqual(['deal:17283549612:won:2025-01-09T08:00:00.000Z']);
  });
});

describe('HubSpot bad input and failed reads', () => {
  it.each([
    ['not json', '[{"eventId":', 'application/json', 422, 'webhook.invalid_json'],
    ['an object, not an array', '{"eventId":1}', 'application/json', 422, 'webhook.invalid_body'],
    ['an empty array', '[]', 'application/json', 422, 'webhook.invalid_body'],
    ['a __proto__ key', '[{"__proto__":{"x":1},"eventId":1}]', 'application/json', 422, 'webhook.forbidden_key'],
    ['form content', 'a=1', 'application/x-www-form-urlencoded', 415, 'webhook.unsupported_content_type'],
  ])('refuses %s', (_name, body, contentType, status, code) => {
    expect(() => hubspot.parse(source, delivery(body, { headers: { 'content-type': contentType } }))).toThrow(
      expect.objectContaining({ status, code }),
    );
  });

  it('refuses another portal', () => {
    const other = [{ eventId: 1, portalId: 999, occurredAt: 1, subscriptionType: 'deal.creation', objectId: 1 }];
    expect(() => parse(other)).toThrow(expect.objectContaining({ status: 401, code: 'webhook.wrong_tenant' }));
  });

  it('classifies failed reads for the outbox', () => {
    const item = parse('hubspot/deal-won.json').items[0] as EnrichmentItem;
    expect(() => hubspot.enrich(source, item, { status: 404, body: {} }, null)).toThrow(
      expect.objectContaining({ code: 'enrich.not_found', retryable: false }),
    );
    expect(() => hubspot.enrich(source, item, { status: 429, body: {} }, null)).toThrow(
      expect.objectContaining({ retryable: true }),
    );
    expect(() => hubspot.enrich(source, item, { status: 502, body: {} }, null)).toThrow(
      expect.objectContaining({ retryable: true }),
    );
    expect(() => hubspot.enrich(source, item, { status: 200, body: { id: 'other', properties: {} } }, null)).toThrow(
      expect.objectContaining({ code: 'enrich.bad_response' }),
    );
  });
});
