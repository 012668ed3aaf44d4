import { describe, expect, it } from 'vitest';
import type { SourceConfig } from './adapter.ts';
import { pipedriveAdapter as pipedrive } from './pipedrive.adapter.ts';
import { delivery, fixture, fixtureJson } from './testing.ts';

const source: SourceConfig = {
  id: 'pd',
  kind: 'pipedrive',
  secret: 'sample-pass-123',
  settings: { basicAuthUser: 'kpi-hook', companyId: 623011 },
};
const AUTH = 'Basic a3BpLWhvb2s6c2FtcGxlLXBhc3MtMTIz';
const JSON_HEADERS = { 'content-type': 'application/json', authorization: AUTH };
const send = (body: unknown) => delivery(Buffer.from(JSON.stringify(body)), { headers: JSON_HEADERS });
const parse = (body: unknown) => pipedrive.parse(source, send(body));
const events = (body: unknown) => parse(body).items.map((item) => (item.kind === 'event' ? item.event : null));

type Body = {
  meta: Record<string, unknown>;
  data: Record<string, unknown> | null;
  previous: Record<string, unknown> | null;
};
const sample = (name: string) => fixtureJson(`pipedrive/v2/${name}.json`) as Body;
const variant = (name: string, change: (body: Body) => void) => {
  const body = sample(name);
  change(body);
  return body;
};

/** v1 (legacy) bodies, shaped as the v1 guide documents them. */
const v1Deal = (current: Record<string, unknown>, previous: Record<string, unknown> | null, action = 'updated') => ({
  v: 1,
  matches_filters: { current: [] },
  meta: {
    v: 1,
    action,
    object: 'deal',
    id: 21,
    company_id: 623011,
    user_id: 867597,
    host: 'examplecompany.pipedrive.com',
    timestamp: 1736410207,
    timestamp_micro: 1736410207512345,
    permitted_user_ids: [867597],
    trans_pending: false,
    is_bulk_update: false,
    webhook_id: '123456',
  },
  retry: 0,
  current: {
    id: 21,
    title: 'Acme deal',
    user_id: 867597,
    owner_name: 'Jane Seller',
    value: 1750.5,
    currency: 'EUR',
    stage_id: 3,
    pipeline_id: 1,
    status: 'open',
    add_time: '2025-01-08 16:28:04',
    update_time: '2025-01-09 08:10:07',
    stage_change_time: '2025-01-08 16:28:04',
    won_time: null,
    lost_time: null,
    ...current,
  },
  previous:
    previous === null
      ? null
      : {
          id: 21,
          title: 'Acme deal',
          user_id: 867597,
          value: 1750.5,
          currency: 'EUR',
          stage_id: 3,
          pipeline_id: 1,
          status: 'open',
          update_time: '2025-01-08 16:28:04',
          ...previous,
        },
  event: `${action}.deal`,
});

describe('Pipedrive basic auth', () => {
  it('accepts the credentials of headers.example.txt', () => {
    const line = fixture('pipedrive/headers.example.txt')
      .toString()
      .split('\n')
      .find((l) => l.startsWith('Authorization: '));
    expect(line?.slice('Authorization: '.length)).toBe(AUTH);
    expect(pipedrive.verify(source, send(sample('deal-won')))).toEqual({ ok: true });
    expect(
      pipedrive.verify(
        source,
        delivery('{}', { headers: { Authorization: 'basic a3BpLWhvb2s6c2FtcGxlLXBhc3MtMTIz' } }),
      ),
    ).toEqual({ ok: true });
  });

  it('refuses wrong, missing and non-basic credentials, and a source without a password', () => {
    const wrong = Buffer.from('kpi-hook:sample-pass-124').toString('base64');
    expect(pipedrive.verify(source, delivery('{}', { headers: { authorization: `Basic ${wrong}` } }))).toMatchObject({
      ok: false,
      status: 401,
      code: 'webhook.bad_credentials',
    });
    expect(pipedrive.verify(source, delivery('{}'))).toMatchObject({ status: 401 });
    expect(pipedrive.verify(source, delivery('{}', { headers: { authorization: 'Bearer x' } }))).toMatchObject({
      status: 401,
    });
    expect(pipedrive.verify({ ...source, secret: null }, send({}))).toMatchObject({
      status: 401,
      code: 'webhook.secret_not_configured',
    });
  });
});

describe('Pipedrive v2 samples', () => {
  it('deal won: keyed by won_time, for the owner (not meta.user_id), meta.id is the delivery key', () => {
    const parsed = parse(sample('deal-won'));
    expect(parsed.deliveryKey).toBe('5f0d2c4e-8a41-4b1e-9d3a-0a1b2c3d4e01');
    expect(events(sample('deal-won'))).toEqual([
      {
        externalId: 'deal:21:won:2025-01-09T08:10:07.000Z',
        type: 'deal.won',
        occurredAt: new Date('2025-01-09T08:10:07Z'),
        externalEmployeeId: '867597',
        amount: '1750.5',
        currency: 'EUR',
        attributes: { dealId: '21', stage: '3', pipeline: '1', title: 'Acme deal' },
      },
    ]);
  });

  it('deal stage changed', () => {
    expect(events(sample('deal-stage-changed'))).toEqual([
      expect.objectContaining({
        externalId: 'deal:21:stage:4:2025-01-09T07:00:00.000Z',
        type: 'deal.stage_changed',
        attributes: expect.objectContaining({ stage: '4', previousStage: '3' }),
      }),
    ]);
  });

  it('deal created', () => {
    expect(events(sample('deal-created'))).toEqual([
      expect.objectContaining({
        externalId: 'deal:21:created',
        type: 'deal.created',
        occurredAt: new Date('2025-01-08T16:28:04Z'),
        amount: '1750.5',
      }),
    ]);
  });

  it('lead created: value is {amount, currency}, id a UUID', () => {
    expect(events(sample('lead-created'))).toEqual([
      {
        externalId: 'lead:adf21080-0e10-11eb-879b-05d71fb426ec:created',
        type: 'lead.created',
        occurredAt: new Date('2025-01-09T09:00:00.000Z'),
        externalEmployeeId: '867597',
        amount: '500',
        currency: 'EUR',
        attributes: { leadId: 'adf21080-0e10-11eb-879b-05d71fb426ec', title: 'Inbound lead from website' },
      },
    ]);
  });

  it('call activity created done', () => {
    expect(events(sample('activity-call-created'))).toEqual([
      expect.objectContaining({
        externalId: 'activity:501:completed',
        type: 'call.completed',
        externalEmployeeId: '867597',
        attributes: expect.objectContaining({ dealId: '21', duration: '00:04' }),
      }),
    ]);
  });

  it('a call counts when ticked done later, and not while open', () => {
    const open = variant('activity-call-created', (b) => {
      (b.data as Record<string, unknown>).done = false;
    });
    expect(parse(open).items).toEqual([]);
    const ticked = variant('activity-call-created', (b) => {
      b.meta.action = 'change';
      b.previous = { done: false };
    });
    expect(events(ticked).map((e) => e?.externalId)).toEqual(['activity:501:completed']);
    const renamed = variant('activity-call-created', (b) => {
      b.meta.action = 'change';
      b.previous = { subject: 'Call' };
    });
    expect(parse(renamed).items).toEqual([]);
  });

  it('deal lost, reopened and owner changed (documented variants)', () => {
    const lost = variant('deal-won', (b) => {
      Object.assign(b.data as object, {
        status: 'lost',
        won_time: null,
        lost_time: '2025-01-09T09:00:00Z',
        lost_reason: 'Too expensive',
      });
      b.previous = { status: 'open', lost_time: null };
    });
    expect(events(lost)).toEqual([
      expect.objectContaining({
        externalId: 'deal:21:lost:2025-01-09T09:00:00.000Z',
        type: 'deal.lost',
        attributes: expect.objectContaining({ lostReason: 'Too expensive' }),
      }),
    ]);
    const reopened = variant('deal-won', (b) => {
      Object.assign(b.data as object, { status: 'open', won_time: null, update_time: '2025-01-10T10:00:00Z' });
      b.previous = { status: 'won' };
    });
    expect(events(reopened).map((e) => e?.externalId)).toEqual(['deal:21:reopened:2025-01-10T10:00:00.000Z']);
    const reassigned = variant('deal-stage-changed', (b) => {
      Object.assign(b.data as object, { owner_id: 42 });
      b.previous = { owner_id: 867597 };
    });
    expect(events(reassigned)).toEqual([
      expect.objectContaining({
        type: 'deal.owner_changed',
        externalEmployeeId: '42',
        attributes: { dealId: '21', owner: '42', previousOwner: '867597' },
      }),
    ]);
  });

  it('a rename is a change without a KPI transition', () => {
    const renamed = variant('deal-stage-changed', (b) => {
      b.previous = { title: 'Old' };
    });
    expect(parse(renamed)).toMatchObject({
      items: [],
      skipped: [{ ref: 'change.deal', reason: 'no KPI transition in this change' }],
    });
  });

  it('deletions carry nothing', () => {
    const deleted = variant('deal-won', (b) => {
      b.meta.action = 'delete';
      b.previous = b.data;
      b.data = null;
    });
    expect(parse(deleted).items).toEqual([]);
  });
});

describe('Pipedrive redelivery and reordering', () => {
  it('a retry (attempt 2) has the same delivery key and the same event keys', () => {
    const retry = variant('deal-won', (b) => {
      b.meta.attempt = 2;
    });
    expect(parse(retry).deliveryKey).toBe(parse(sample('deal-won')).deliveryKey);
    expect(events(retry)).toEqual(events(sample('deal-won')));
  });

  it('a stage change delivered after the win (a late retry) is its own past move: no second win, no reopen', () => {
    const late = events(sample('deal-stage-changed'));
    expect(late.map((e) => e?.type)).toEqual(['deal.stage_changed']);
    const all = [...events(sample('deal-won')), ...late].map((e) => e?.externalId);
    const reversed = [...late, ...events(sample('deal-won'))].map((e) => e?.externalId);
    expect(new Set(all)).toEqual(new Set(reversed));
  });
});

describe('Pipedrive v1 (legacy)', () => {
  it('updated.deal won: owner is current.user_id; the delivery key survives the retry counter', () => {
    const won = v1Deal({ status: 'won', won_time: '2025-01-09 08:10:07' }, {});
    const parsed = parse(won);
    expect(parsed.deliveryKey).toBe('v1:updated.deal:21:1736410207512345');
    expect(parse({ ...won, retry: 2 }).deliveryKey).toBe(parsed.deliveryKey);
    expect(events(won)).toEqual([
      {
        externalId: 'deal:21:won:2025-01-09T08:10:07.000Z',
        type: 'deal.won',
        occurredAt: new Date('2025-01-09T08:10:07Z'),
        externalEmployeeId: '867597',
        amount: '1750.5',
        currency: 'EUR',
        attributes: { dealId: '21', stage: '3', pipeline: '1', title: 'Acme deal' },
      },
    ]);
  });

  it('compares the full previous object: only fields that differ are changes', () => {
    const staged = v1Deal({ stage_id: 4, stage_change_time: '2025-01-09 07:00:00' }, { stage_id: 3 });
    expect(events(staged).map((e) => e?.externalId)).toEqual(['deal:21:stage:4:2025-01-09T07:00:00.000Z']);
    expect(events(v1Deal({ title: 'Renamed' }, {}))).toEqual([]);
    expect(events(v1Deal({ status: 'lost', lost_time: '2025-01-09 09:00:00' }, {})).map((e) => e?.type)).toEqual([
      'deal.lost',
    ]);
  });

  it('added.deal is deal.created', () => {
    expect(events(v1Deal({}, null, 'added')).map((e) => e?.externalId)).toEqual(['deal:21:created']);
  });
});

describe('Pipedrive bad input', () => {
  it.each([
    ['not json', '{"meta":', 422, 'webhook.invalid_json'],
    ['no meta', '{"data":{}}', 422, 'webhook.invalid_body'],
    [
      'a __proto__ key',
      '{"meta":{"action":"create","entity":"deal","id":"1"},"data":{"__proto__":{"admin":true}},"previous":null}',
      422,
      'webhook.forbidden_key',
    ],
    [
      'a constructor key',
      '{"meta":{"action":"create","entity":"deal","id":"1"},"data":{"constructor":{"prototype":{}}},"previous":null}',
      422,
      'webhook.forbidden_key',
    ],
  ])('refuses %s', (_name, body, status, code) => {
    expect(() => pipedrive.parse(source, delivery(body, { headers: JSON_HEADERS }))).toThrow(
      expect.objectContaining({ status, code }),
    );
  });

  it('refuses form content, another company and an object without a time', () => {
    expect(() =>
      pipedrive.parse(source, delivery('a=1', { headers: { 'content-type': 'application/x-www-form-urlencoded' } })),
    ).toThrow(expect.objectContaining({ status: 415 }));
    const other = variant('deal-won', (b) => {
      b.meta.company_id = '1';
    });
    expect(() => parse(other)).toThrow(expect.objectContaining({ status: 401, code: 'webhook.wrong_tenant' }));
    const timeless = variant('deal-created', (b) => {
      Object.assign(b.data as object, { add_time: null, update_time: null });
    });
    expect(() => parse(timeless)).toThrow(expect.objectContaining({ status: 422 }));
  });
});
