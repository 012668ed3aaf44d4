import { describe, expect, it } from 'vitest';
import type { EnrichmentItem, SourceConfig } from './adapter.ts';
import { hmacSha256 } from './signatures.ts';
import { delivery, fixture, fixtureJson } from './testing.ts';
import { twentyAdapter as twenty } from './twenty.adapter.ts';

const SECRET = 'sample-twenty-webhook-secret';
const source: SourceConfig = {
  id: 'tw',
  kind: 'twenty',
  secret: SECRET,
  settings: { workspaceId: '20202020-1c25-4d02-bf25-6aeccf7ea419' },
};
const TS = '1736410207512';
const SIGNATURE = '1c49fc32b3cef744826f5530f7ffb5d5641ac04b3a32d5257deb7e02afa110a2';

const signedFixture = (headers: Record<string, string>, receivedAt = Number(TS) + 1500) =>
  delivery(fixture('twenty/signature-example.body.json'), {
    url: 'https://kpi.example.com/webhooks/twenty/acme',
    headers: { 'Content-Type': 'application/json', ...headers },
    receivedAt: new Date(receivedAt),
  });

/** Signs a body the way Twenty does (compact JSON.stringify) at the given time. */
function signed(body: unknown, at = Number(TS)) {
  const raw = Buffer.from(JSON.stringify(body));
  return delivery(raw, {
    headers: {
      'content-type': 'application/json',
      'x-twenty-webhook-timestamp': String(at),
      'x-twenty-webhook-signature': hmacSha256(SECRET, [String(at), ':', raw], 'hex'),
      'x-twenty-webhook-nonce': '9f86d081884c7d659a2feaa0c55ad015',
    },
    receivedAt: new Date(at + 1000),
  });
}
const events = (body: unknown, config = source) => {
  const d = signed(body);
  expect(twenty.verify(config, d)).toMatchObject({ ok: true });
  // a stage update is compared with the deal's stored state in the outbox: here, with none stored
  return twenty
    .parse(config, d)
    .items.flatMap((item) => (item.kind === 'event' ? [item.event] : twenty.enrich(config, item, null, null).events));
};

type Body = { eventName: string; record: Record<string, unknown>; updatedFields?: string[] };
const sample = (name: string) => fixtureJson(`twenty/${name}.json`) as Body;
const stageUpdate = (stage: string, updatedAt: string) => {
  const body = sample('opportunity-won');
  body.record.stage = stage;
  body.record.updatedAt = updatedAt;
  return body;
};

describe('Twenty signature (fixture vector)', () => {
  it('accepts the sample signature within the window', () => {
    const d = signedFixture({
      'X-Twenty-Webhook-Timestamp': TS,
      'X-Twenty-Webhook-Signature': SIGNATURE,
      'X-Twenty-Webhook-Nonce': '9f86d081884c7d659a2feaa0c55ad015',
    });
    expect(twenty.verify(source, d)).toMatchObject({ ok: true });
  });

  it('accepts the header set of headers.example.txt', () => {
    const lines = fixture('twenty/headers.example.txt').toString().split('\n');
    const headers = Object.fromEntries(
      lines.filter((l) => /^X-Twenty|^Content-Type/.test(l)).map((l) => l.split(': ') as [string, string]),
    );
    // the nonce is handed back, to be refused if it comes again within twice the timestamp window
    expect(twenty.verify(source, signedFixture(headers))).toEqual({
      ok: true,
      nonce: { value: '9f86d081884c7d659a2feaa0c55ad015', windowMs: 600_000 },
    });
  });

  it('refuses a wrong signature, a changed timestamp, a tampered body and another secret', () => {
    const headers = { 'X-Twenty-Webhook-Timestamp': TS, 'X-Twenty-Webhook-Signature': SIGNATURE };
    expect(
      twenty.verify(source, signedFixture({ ...headers, 'X-Twenty-Webhook-Signature': SIGNATURE.replace('1c', '2c') })),
    ).toMatchObject({ ok: false, status: 401, code: 'webhook.bad_signature' });
    expect(
      twenty.verify(source, signedFixture({ ...headers, 'X-Twenty-Webhook-Timestamp': String(Number(TS) + 1) })),
    ).toMatchObject({ code: 'webhook.bad_signature' });
    const d = signedFixture(headers);
    expect(
      twenty.verify(source, { ...d, body: Buffer.from(d.body.toString().replace('CUSTOMER', 'NEW')) }),
    ).toMatchObject({ code: 'webhook.bad_signature' });
    expect(twenty.verify({ ...source, secret: 'other' }, d)).toMatchObject({ code: 'webhook.bad_signature' });
  });

  it('refuses timestamps outside the window (5 minutes by default, configurable)', () => {
    const headers = { 'X-Twenty-Webhook-Timestamp': TS, 'X-Twenty-Webhook-Signature': SIGNATURE };
    expect(twenty.verify(source, signedFixture(headers, Number(TS) + 301_000))).toMatchObject({
      status: 401,
      code: 'webhook.expired',
    });
    expect(twenty.verify(source, signedFixture(headers, Number(TS) - 301_000))).toMatchObject({
      code: 'webhook.expired',
    });
    const lenient = { ...source, settings: { ...source.settings, toleranceSeconds: 900 } };
    expect(twenty.verify(lenient, signedFixture(headers, Number(TS) + 600_000))).toMatchObject({ ok: true });
  });

  it('refuses unsigned deliveries and a source without a secret', () => {
    expect(twenty.verify(source, signedFixture({}))).toMatchObject({ status: 401, code: 'webhook.no_signature' });
    expect(
      twenty.verify(
        source,
        signedFixture({ 'X-Twenty-Webhook-Timestamp': 'soon', 'X-Twenty-Webhook-Signature': SIGNATURE }),
      ),
    ).toMatchObject({ code: 'webhook.bad_timestamp' });
    expect(twenty.verify({ ...source, secret: null }, signedFixture({}))).toMatchObject({
      status: 401,
      code: 'webhook.secret_not_configured',
    });
  });
});

describe('Twenty samples', () => {
  it('opportunity won (stage CUSTOMER): amount from micros, owner falls back to the creator', () => {
    expect(events(sample('opportunity-won'))).toEqual([
      {
        externalId: 'deal:5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d1e:won:2025-01-09T08:10:07.000Z',
        type: 'deal.won',
        occurredAt: new Date('2025-01-09T08:10:07.000Z'),
        externalEmployeeId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
        amount: '19090',
        currency: 'EUR',
        attributes: {
          dealId: '5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d1e',
          stage: 'CUSTOMER',
          pipeline: null,
          title: 'Acme renewal',
        },
      },
    ]);
  });

  it('the signature fixture body parses to the same win', () => {
    const d = signedFixture({ 'X-Twenty-Webhook-Timestamp': TS, 'X-Twenty-Webhook-Signature': SIGNATURE });
    const items = twenty.parse(source, d).items;
    expect(items).toEqual([
      expect.objectContaining({ kind: 'enrich', stateKey: 'deal:5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d1e' }),
    ]);
    const item = items[0] as EnrichmentItem;
    expect(twenty.enrichmentRequest(source, item)).toBeNull();
    expect(twenty.enrich(source, item, null, null).events.map((e) => e.type)).toEqual(['deal.won']);
  });

  it('opportunity created', () => {
    expect(events(sample('opportunity-created'))).toEqual([
      expect.objectContaining({
        externalId: 'deal:5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d1e:created',
        type: 'deal.created',
        occurredAt: new Date('2025-01-08T16:28:04.000Z'),
        amount: '19090',
        currency: 'EUR',
      }),
    ]);
  });

  it('person created', () => {
    expect(events(sample('person-created'))).toEqual([
      expect.objectContaining({
        externalId: 'contact:0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a:created',
        type: 'contact.created',
        externalEmployeeId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
      }),
    ]);
  });

  it('stage changed (documented variant), and a lost stage only once mapped in settings', () => {
    expect(events(stageUpdate('PROPOSAL', '2025-01-09T07:00:00.000Z')).map((e) => [e?.type, e?.externalId])).toEqual([
      ['deal.stage_changed', 'deal:5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d1e:stage:PROPOSAL:2025-01-09T07:00:00.000Z'],
    ]);
    expect(events(stageUpdate('LOST', '2025-01-09T09:00:00.000Z')).map((e) => e?.type)).toEqual(['deal.stage_changed']);
    const mapped = { ...source, settings: { ...source.settings, stages: { won: ['CLOSED_WON'], lost: ['LOST'] } } };
    expect(events(stageUpdate('LOST', '2025-01-09T09:00:00.000Z'), mapped).map((e) => e?.type)).toEqual(['deal.lost']);
    expect(events(stageUpdate('CUSTOMER', '2025-01-09T09:00:00.000Z'), mapped).map((e) => e?.type)).toEqual([
      'deal.stage_changed',
    ]);
  });

  it('uses a configured owner field before the creator', () => {
    const body = sample('opportunity-won');
    body.record.accountOwnerId = 'owner-member-1';
    const config = { ...source, settings: { ...source.settings, ownerField: 'accountOwnerId' } };
    expect(events(body, config).map((e) => e?.externalEmployeeId)).toEqual(['owner-member-1']);
  });

  it('updates that do not touch the stage carry nothing', () => {
    const body = sample('opportunity-won');
    body.updatedFields = ['name'];
    const d = signed(body);
    expect(twenty.parse(source, d)).toMatchObject({ items: [], skipped: [{ ref: 'opportunity.updated' }] });
  });
});

describe('Twenty redelivery and reordering', () => {
  it('a re-sent record (new nonce and timestamp, same body) has the same delivery key and event key', () => {
    const first = twenty.parse(source, signed(sample('opportunity-won')));
    const again = twenty.parse(source, signed(sample('opportunity-won'), Number(TS) + 60_000));
    expect(again.deliveryKey).toBe(first.deliveryKey);
    expect(again.items).toEqual(first.items);
  });

  it('a stage update arriving after the win, against the stored state: a late move, no reopen, no second win', () => {
    const [won] = twenty.parse(source, signed(sample('opportunity-won'))).items as EnrichmentItem[];
    const [late] = twenty.parse(source, signed(stageUpdate('PROPOSAL', '2025-01-09T07:00:00.000Z')))
      .items as EnrichmentItem[];
    const first = twenty.enrich(source, won as EnrichmentItem, null, null);
    const second = twenty.enrich(source, late as EnrichmentItem, null, first.newState);
    expect(second.events.map((e) => [e.type, e.attributes.late])).toEqual([['deal.stage_changed', true]]);
    expect(second.newState).toEqual(first.newState);
    expect(twenty.enrich(source, won as EnrichmentItem, null, second.newState).events).toEqual([]);
    // a later move back to an open stage is a reopen
    const [reopen] = twenty.parse(source, signed(stageUpdate('PROPOSAL', '2025-01-10T07:00:00.000Z'))).items;
    expect(twenty.enrich(source, reopen as EnrichmentItem, null, second.newState).events.map((e) => e.type)).toEqual([
      'deal.reopened',
    ]);
  });

  it('each update stands on its own time when nothing is stored', () => {
    const won = events(sample('opportunity-won'));
    const late = events(stageUpdate('PROPOSAL', '2025-01-09T07:00:00.000Z'));
    expect([...won, ...late].map((e) => e?.type)).toEqual(['deal.won', 'deal.stage_changed']);
    expect(new Set([...late, ...won].map((e) => e?.externalId))).toEqual(
      new Set([...won, ...late].map((e) => e?.externalId)),
    );
  });
});

describe('Twenty bad input', () => {
  it.each([
    ['not json', '{"eventName":'],
    ['no record', '{"eventName":"opportunity.updated"}'],
    ['a __proto__ key', '{"eventName":"person.created","record":{"id":"1","__proto__":{"x":1}}}'],
  ])('refuses %s with 422', (_name, body) => {
    expect(() => twenty.parse(source, delivery(body, { headers: { 'content-type': 'application/json' } }))).toThrow(
      expect.objectContaining({ status: 422 }),
    );
  });

  it('refuses text/plain with 415 and another workspace with 401', () => {
    expect(() => twenty.parse(source, delivery('{}', { headers: { 'content-type': 'text/plain' } }))).toThrow(
      expect.objectContaining({ status: 415 }),
    );
    const other = sample('person-created') as Body & { workspaceId: string };
    other.workspaceId = 'another';
    expect(() => twenty.parse(source, signed(other))).toThrow(
      expect.objectContaining({ status: 401, code: 'webhook.wrong_tenant' }),
    );
  });
});
