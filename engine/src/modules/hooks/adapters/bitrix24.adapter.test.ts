import { describe, expect, it } from 'vitest';
import type { DealState, EnrichmentItem, SourceConfig } from './adapter.ts';
import { bitrix24Adapter as bitrix } from './bitrix24.adapter.ts';
import { delivery, fixture, fixtureJson, form } from './testing.ts';

const TOKEN = '51856fefc120afa4b628cc82d3935cce';
const source: SourceConfig = {
  id: 'b24',
  kind: 'bitrix24',
  secret: TOKEN,
  settings: {
    webhookUrl: 'https://some-domain.bitrix24.com/rest/1/abc123',
    memberId: 'a223c6b3710f85df22e9377d6c4f7553',
  },
};
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const hook = (path: string) => delivery(fixture(path), { headers: FORM });

type Deal = Record<string, unknown>;
const dealRead = (path: string, overrides: Deal = {}) => {
  const body = fixtureJson(path) as { result: Deal };
  return { status: 200, body: { ...body, result: { ...body.result, ...overrides } } };
};
const WON = 'bitrix24/rest/crm.deal.get.won.response.json';
const STAGED = 'bitrix24/rest/crm.deal.get.stage-changed.response.json';
const LOST = { STAGE_ID: 'LOSE', STAGE_SEMANTIC_ID: 'F', CLOSED: 'Y' };

function item(path: string): EnrichmentItem {
  const parsed = bitrix.parse(source, hook(path));
  expect(parsed.items).toHaveLength(1);
  return parsed.items[0] as EnrichmentItem;
}

describe('Bitrix24 verification', () => {
  it.each([
    'bitrix24/deal-update.form.txt',
    'bitrix24/deal-add.form.txt',
    'bitrix24/lead-add.form.txt',
    'bitrix24/contact-add.form.txt',
    'bitrix24/activity-add.form.txt',
    'bitrix24/app-handler-deal-update.form.txt',
  ])('accepts %s with the application token', (path) => {
    expect(bitrix.verify(source, hook(path))).toEqual({ ok: true });
  });

  it('refuses a wrong or missing token, and a source without one', () => {
    expect(bitrix.verify({ ...source, secret: 'other' }, hook('bitrix24/deal-update.form.txt'))).toMatchObject({
      ok: false,
      status: 401,
      code: 'webhook.bad_token',
    });
    const stripped = fixture('bitrix24/deal-update.form.txt')
      .toString()
      .replace(/&auth%5Bapplication_token%5D=[^&]*/, '');
    expect(bitrix.verify(source, delivery(stripped, { headers: FORM }))).toMatchObject({
      status: 401,
      code: 'webhook.bad_token',
    });
    expect(bitrix.verify({ ...source, secret: null }, hook('bitrix24/deal-update.form.txt'))).toMatchObject({
      status: 401,
    });
  });

  it('answers 422 for an undecodable body and a __proto__ key, before looking at the token', () => {
    expect(bitrix.verify(source, delivery('auth[application_token=x', { headers: FORM }))).toMatchObject({
      ok: false,
      status: 422,
      code: 'webhook.invalid_form',
    });
    const polluted = `${fixture('bitrix24/deal-update.form.txt').toString()}&data%5B__proto__%5D%5Bx%5D=1`;
    expect(bitrix.verify(source, delivery(polluted, { headers: FORM }))).toMatchObject({
      status: 422,
      code: 'webhook.invalid_form',
    });
  });

  it('answers 415 for JSON', () => {
    expect(bitrix.verify(source, delivery('{}', { headers: { 'content-type': 'application/json' } }))).toMatchObject({
      ok: false,
      code: 'webhook.unsupported_content_type',
    });
  });
});

describe('Bitrix24 parse', () => {
  it('turns each sample into a re-read of the right object through the inbound webhook', () => {
    const cases: [string, string, string, string][] = [
      ['bitrix24/deal-update.form.txt', 'deal', '759', 'crm.deal.get'],
      ['bitrix24/app-handler-deal-update.form.txt', 'deal', '759', 'crm.deal.get'],
      ['bitrix24/deal-add.form.txt', 'deal', '760', 'crm.deal.get'],
      ['bitrix24/lead-add.form.txt', 'lead', '365', 'crm.lead.get'],
      ['bitrix24/contact-add.form.txt', 'contact', '84', 'crm.contact.get'],
      ['bitrix24/activity-add.form.txt', 'activity', '999', 'crm.activity.get'],
    ];
    for (const [path, object, id, method] of cases) {
      const parsed = item(path);
      expect(parsed).toMatchObject({ kind: 'enrich', object, id, stateKey: object === 'deal' ? `deal:${id}` : null });
      expect(bitrix.enrichmentRequest(source, parsed)).toEqual({
        method: 'POST',
        url: `https://some-domain.bitrix24.com/rest/1/abc123/${method}.json`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ id }),
      });
    }
  });

  it('keys the delivery by event, id and ts (the two deal-update variants are one delivery)', () => {
    expect(bitrix.parse(source, hook('bitrix24/deal-update.form.txt')).deliveryKey).toBe(
      'ONCRMDEALUPDATE:759:1736405807',
    );
    expect(bitrix.parse(source, hook('bitrix24/app-handler-deal-update.form.txt')).deliveryKey).toBe(
      'ONCRMDEALUPDATE:759:1736405807',
    );
  });

  it('refuses another portal and an id that is not a number', () => {
    const other = fixture('bitrix24/deal-update.form.txt')
      .toString()
      .replace('a223c6b3710f85df22e9377d6c4f7553', 'ffff');
    expect(() => bitrix.parse(source, delivery(other, { headers: FORM }))).toThrow(
      expect.objectContaining({ status: 401, code: 'webhook.wrong_tenant' }),
    );
    const bad = form([
      ['event', 'ONCRMDEALUPDATE'],
      ['data[FIELDS][ID]', '75x'],
      ['auth[member_id]', 'a223c6b3710f85df22e9377d6c4f7553'],
    ]);
    expect(() => bitrix.parse(source, delivery(bad, { headers: FORM }))).toThrow(
      expect.objectContaining({ status: 422, code: 'webhook.invalid_body' }),
    );
  });

  it('skips events it does not use', () => {
    const body = form([
      ['event', 'ONCRMDEALDELETE'],
      ['data[FIELDS][ID]', '759'],
      ['ts', '1'],
      ['auth[member_id]', 'a223c6b3710f85df22e9377d6c4f7553'],
    ]);
    expect(bitrix.parse(source, delivery(body, { headers: FORM }))).toMatchObject({
      items: [],
      skipped: [{ ref: 'ONCRMDEALDELETE' }],
    });
  });
});

describe('Bitrix24 deal transitions from the re-read', () => {
  const update = () => item('bitrix24/deal-update.form.txt');

  it('won: STAGE_SEMANTIC_ID S, attributed to ASSIGNED_BY_ID (not MOVED_BY_ID)', () => {
    const previous: DealState = {
      stage: 'NEW',
      pipeline: '0',
      outcome: 'open',
      at: '2024-08-30T12:29:00.000Z',
      owner: '1',
      ownerAt: '2024-08-30T12:29:00.000Z',
    };
    const { events, newState } = bitrix.enrich(source, update(), dealRead(WON), previous);
    expect(events).toEqual([
      {
        externalId: 'deal:759:won:2024-09-09T09:02:13.000Z',
        type: 'deal.won',
        occurredAt: new Date('2024-09-09T09:02:13.000Z'),
        externalEmployeeId: '1',
        amount: '1000000.00',
        currency: 'EUR',
        attributes: expect.objectContaining({ dealId: '759', stage: 'WON', pipeline: '0', movedBy: '7' }),
      },
    ]);
    expect(newState).toMatchObject({ stage: 'WON', outcome: 'won', at: '2024-09-09T09:02:13.000Z', owner: '1' });
  });

  it('stage changed: a different STAGE_ID than stored, still in progress', () => {
    const previous: DealState = {
      stage: 'NEW',
      pipeline: '0',
      outcome: 'open',
      at: '2024-08-30T12:29:00.000Z',
      owner: '1',
      ownerAt: null,
    };
    const { events } = bitrix.enrich(source, update(), dealRead(STAGED), previous);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'deal.stage_changed',
        externalId: 'deal:759:stage:PREPARATION:2024-09-09T09:02:13.000Z',
        attributes: expect.objectContaining({ previousStage: 'NEW' }),
      }),
    ]);
  });

  it('lost: STAGE_SEMANTIC_ID F (documented variant)', () => {
    const { events } = bitrix.enrich(source, update(), dealRead(STAGED, LOST), null);
    expect(events.map((e) => [e.type, e.externalId])).toEqual([
      ['deal.lost', 'deal:759:lost:2024-09-09T09:02:13.000Z'],
    ]);
  });

  it('first sight of a deal in progress that moved since creation reports its stage; one never moved reports nothing', () => {
    expect(bitrix.enrich(source, update(), dealRead(STAGED), null).events.map((e) => e.type)).toEqual([
      'deal.stage_changed',
    ]);
    const unmoved = dealRead(STAGED, { MOVED_TIME: '2024-08-30T14:29:00+02:00' });
    expect(bitrix.enrich(source, update(), unmoved, null).events).toEqual([]);
  });

  it('deal added: deal.created at DATE_CREATE plus the state to compare later', () => {
    const add = item('bitrix24/deal-add.form.txt');
    const read = dealRead(STAGED, { ID: '760', STAGE_ID: 'NEW', MOVED_TIME: '2024-08-30T14:29:00+02:00' });
    const { events, newState } = bitrix.enrich(source, add, read, null);
    expect(events).toEqual([
      expect.objectContaining({
        externalId: 'deal:760:created',
        type: 'deal.created',
        occurredAt: new Date('2024-08-30T12:29:00.000Z'),
        externalEmployeeId: '1',
        amount: '1000000.00',
      }),
    ]);
    expect(newState).toMatchObject({ stage: 'NEW', outcome: 'open' });
  });

  it('the many identical update hooks of one change emit the transition once', () => {
    const first = bitrix.enrich(source, update(), dealRead(WON), null);
    const second = bitrix.enrich(source, update(), dealRead(WON), first.newState);
    const third = bitrix.enrich(
      source,
      item('bitrix24/app-handler-deal-update.form.txt'),
      dealRead(WON),
      second.newState,
    );
    expect(first.events.map((e) => e.type)).toEqual(['deal.won']);
    expect([...second.events, ...third.events]).toEqual([]);
  });

  it('a stale "in progress" re-read after the win emits neither a second win nor a reopen', () => {
    const won = bitrix.enrich(source, update(), dealRead(WON, { MOVED_TIME: '2024-09-09T12:00:00+02:00' }), null);
    const stale = bitrix.enrich(source, update(), dealRead(STAGED), won.newState);
    // only its own (earlier) move into PREPARATION, keyed as it would have been in order
    expect(stale.events.map((e) => [e.type, e.externalId, e.attributes.late])).toEqual([
      ['deal.stage_changed', 'deal:759:stage:PREPARATION:2024-09-09T09:02:13.000Z', true],
    ]);
    expect(stale.newState).toEqual(won.newState);
    // the same stale read again, and the win again, add nothing new
    expect(
      bitrix.enrich(source, update(), dealRead(WON, { MOVED_TIME: '2024-09-09T12:00:00+02:00' }), stale.newState)
        .events,
    ).toEqual([]);
  });

  it('a stale won or lost read after a newer state emits nothing', () => {
    const reopened = bitrix.enrich(
      source,
      update(),
      dealRead(STAGED, { MOVED_TIME: '2024-09-12T09:00:00+02:00' }),
      null,
    );
    expect(bitrix.enrich(source, update(), dealRead(WON), reopened.newState)).toEqual({
      events: [],
      newState: reopened.newState,
    });
    expect(bitrix.enrich(source, update(), dealRead(STAGED, LOST), reopened.newState).events).toEqual([]);
  });

  it('reads arriving in either order end in the same final state and never double-count the win', () => {
    const reads = [dealRead(STAGED), dealRead(WON, { MOVED_TIME: '2024-09-10T10:00:00+02:00' })];
    const run = (order: typeof reads) => {
      let state: DealState | null = {
        stage: 'NEW',
        pipeline: '0',
        outcome: 'open',
        at: '2024-08-30T12:29:00.000Z',
        owner: '1',
        ownerAt: null,
      };
      const keys: string[] = [];
      for (const read of order) {
        const result = bitrix.enrich(source, update(), read, state);
        keys.push(...result.events.map((e) => e.externalId));
        state = result.newState;
      }
      return { keys, state };
    };
    const inOrder = run(reads);
    const reversed = run([...reads].reverse());
    expect(inOrder.keys).toEqual([
      'deal:759:stage:PREPARATION:2024-09-09T09:02:13.000Z',
      'deal:759:won:2024-09-10T08:00:00.000Z',
    ]);
    expect(new Set(reversed.keys)).toEqual(new Set(inOrder.keys));
    expect(reversed.state).toEqual(inOrder.state);
  });

  it('a real reopen (a newer move back into progress) is reported, and a re-win after it too', () => {
    const won = bitrix.enrich(source, update(), dealRead(WON), null);
    const reopened = bitrix.enrich(
      source,
      update(),
      dealRead(STAGED, { MOVED_TIME: '2024-09-10T09:00:00+02:00' }),
      won.newState,
    );
    expect(reopened.events.map((e) => e.type)).toEqual(['deal.reopened']);
    const rewon = bitrix.enrich(
      source,
      update(),
      dealRead(WON, { MOVED_TIME: '2024-09-11T09:00:00+02:00' }),
      reopened.newState,
    );
    expect(rewon.events.map((e) => e.externalId)).toEqual(['deal:759:won:2024-09-11T07:00:00.000Z']);
  });

  it('an owner change reported by a newer DATE_MODIFY moves attribution; later events go to the new owner', () => {
    const staged = bitrix.enrich(source, update(), dealRead(STAGED), null);
    const reassigned = bitrix.enrich(
      source,
      update(),
      dealRead(STAGED, { ASSIGNED_BY_ID: '5', DATE_MODIFY: '2024-09-09T12:00:00+02:00' }),
      staged.newState,
    );
    expect(reassigned.events).toEqual([
      expect.objectContaining({
        type: 'deal.owner_changed',
        externalEmployeeId: '5',
        attributes: { dealId: '759', previousOwner: '1', owner: '5' },
      }),
    ]);
    const won = bitrix.enrich(
      source,
      update(),
      dealRead(WON, {
        ASSIGNED_BY_ID: '5',
        MOVED_TIME: '2024-09-10T10:00:00+02:00',
        DATE_MODIFY: '2024-09-10T10:00:00+02:00',
      }),
      reassigned.newState,
    );
    expect(won.events.map((e) => [e.type, e.externalEmployeeId])).toEqual([['deal.won', '5']]);
  });

  it('classifies REST errors for the outbox', () => {
    expect(() =>
      bitrix.enrich(
        source,
        update(),
        { status: 400, body: { error: 'NOT_FOUND', error_description: 'Not found' } },
        null,
      ),
    ).toThrow(expect.objectContaining({ code: 'enrich.not_found', retryable: false }));
    expect(() =>
      bitrix.enrich(
        source,
        update(),
        { status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } },
        null,
      ),
    ).toThrow(expect.objectContaining({ retryable: true }));
    expect(() => bitrix.enrich(source, update(), { status: 401, body: { error: 'expired_token' } }, null)).toThrow(
      expect.objectContaining({ code: 'enrich.crm_error', retryable: false }),
    );
    expect(() => bitrix.enrich(source, update(), { status: 200, body: { result: { ID: '1' } } }, null)).toThrow(
      expect.objectContaining({ code: 'enrich.bad_response' }),
    );
  });
});

describe('Bitrix24 leads, contacts and calls', () => {
  it('lead and contact created, attributed to the responsible user', () => {
    const lead = bitrix.enrich(
      source,
      item('bitrix24/lead-add.form.txt'),
      {
        status: 200,
        body: {
          result: {
            ID: '365',
            DATE_CREATE: '2025-01-09T08:00:00+01:00',
            ASSIGNED_BY_ID: '7',
            CREATED_BY_ID: '1',
            OPPORTUNITY: '500.00',
            CURRENCY_ID: 'RUB',
          },
        },
      },
      null,
    );
    expect(lead.events).toEqual([
      {
        externalId: 'lead:365:created',
        type: 'lead.created',
        occurredAt: new Date('2025-01-09T07:00:00.000Z'),
        externalEmployeeId: '7',
        amount: '500.00',
        currency: 'RUB',
        attributes: { leadId: '365' },
      },
    ]);
    const contact = bitrix.enrich(
      source,
      item('bitrix24/contact-add.form.txt'),
      { status: 200, body: { result: { ID: '84', DATE_CREATE: '2025-01-09T08:00:00+01:00', ASSIGNED_BY_ID: '7' } } },
      null,
    );
    expect(contact.events).toEqual([
      expect.objectContaining({
        externalId: 'contact:84:created',
        type: 'contact.created',
        externalEmployeeId: '7',
        amount: null,
      }),
    ]);
  });

  it('a completed call activity (TYPE_ID 2) is call.completed for RESPONSIBLE_ID', () => {
    const call = bitrix.enrich(
      source,
      item('bitrix24/activity-add.form.txt'),
      { status: 200, body: fixtureJson('bitrix24/rest/crm.activity.get.call.response.json') },
      null,
    );
    expect(call.events).toEqual([
      {
        externalId: 'activity:999:completed',
        type: 'call.completed',
        occurredAt: new Date('2025-01-09T09:19:30.000Z'),
        externalEmployeeId: '7',
        amount: null,
        currency: null,
        attributes: {
          activityId: '999',
          direction: 'outgoing',
          subject: 'Outgoing call',
          durationSeconds: 270,
          ownerTypeId: '2',
          ownerId: '759',
        },
      },
    ]);
  });

  it('a planned call is not counted until it is completed', () => {
    const body = fixtureJson('bitrix24/rest/crm.activity.get.call.response.json') as {
      result: Record<string, unknown>;
    };
    const planned = { status: 200, body: { result: { ...body.result, COMPLETED: 'N' } } };
    expect(bitrix.enrich(source, item('bitrix24/activity-add.form.txt'), planned, null).events).toEqual([]);
  });
});
