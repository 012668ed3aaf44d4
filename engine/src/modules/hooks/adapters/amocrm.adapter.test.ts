import { describe, expect, it } from 'vitest';
import type { DealState, EnrichmentItem, SourceConfig } from './adapter.ts';
import { amocrmAdapter as amo } from './amocrm.adapter.ts';
import { delivery, fixture, form } from './testing.ts';

const source: SourceConfig = {
  id: 'amo',
  kind: 'amocrm',
  secret: 'url-secret-123',
  settings: {
    accountId: '30739638',
    apiBaseUrl: 'https://examplecompany.amocrm.ru',
    accessToken: 'oauth-sample',
    currency: 'RUB',
  },
};
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const hook = (body: Buffer | string) => delivery(body, { headers: FORM, pathSecret: 'url-secret-123' });
const parse = (body: Buffer | string) => amo.parse(source, hook(body));
const events = (body: Buffer | string) =>
  parse(body).items.map((item) => {
    if (item.kind !== 'event') throw new Error('expected a ready event');
    return item.event;
  });

/** The won sample with its status changed, for the documented variants left out of the fixtures. */
const statusHook = (status: string, old = '53861254') =>
  fixture('amocrm/lead-status-won.form.txt')
    .toString()
    .replace('%5Bstatus_id%5D=142', `%5Bstatus_id%5D=${status}`)
    .replace('%5Bold_status_id%5D=53861254', `%5Bold_status_id%5D=${old}`);

const MINIMAL = form([
  ['leads[status][0][id]', '1190401'],
  ['leads[status][0][status_id]', '142'],
  ['leads[status][0][pipeline_id]', '6254262'],
  ['leads[status][0][old_status_id]', '53861254'],
  ['leads[status][0][old_pipeline_id]', '6254262'],
  ['account[id]', '30739638'],
  ['account[subdomain]', 'examplecompany'],
]);

describe('amoCRM verification', () => {
  it('accepts the secret from the URL path and refuses anything else', () => {
    expect(amo.verify(source, hook(fixture('amocrm/lead-add.form.txt')))).toEqual({ ok: true });
    const wrong = { ...hook(''), pathSecret: 'url-secret-124' };
    expect(amo.verify(source, wrong)).toMatchObject({ ok: false, status: 401, code: 'webhook.bad_secret' });
    expect(amo.verify(source, { ...hook(''), pathSecret: undefined })).toMatchObject({ status: 401 });
    expect(amo.verify({ ...source, secret: null }, hook(''))).toMatchObject({
      status: 401,
      code: 'webhook.secret_not_configured',
    });
  });

  it('refuses deliveries naming another account', () => {
    const other = fixture('amocrm/lead-add.form.txt')
      .toString()
      .replace('account%5Bid%5D=30739638', 'account%5Bid%5D=1');
    expect(() => parse(other)).toThrow(expect.objectContaining({ status: 401, code: 'webhook.wrong_tenant' }));
  });
});

describe('amoCRM samples', () => {
  it('lead status won (142): deal.won for the responsible user, not the one who moved it', () => {
    expect(events(fixture('amocrm/lead-status-won.form.txt'))).toEqual([
      {
        externalId: 'deal:1190401:won:2025-01-09T06:56:47.000Z',
        type: 'deal.won',
        occurredAt: new Date(1736405807000),
        externalEmployeeId: '9040358',
        amount: '34343',
        currency: 'RUB',
        attributes: expect.objectContaining({
          dealId: '1190401',
          stage: '142',
          pipeline: '6254262',
          previousStage: '53861254',
        }),
      },
    ]);
  });

  it('lead status changed between open stages', () => {
    expect(events(fixture('amocrm/lead-status-changed.form.txt')).map((e) => [e.type, e.externalId])).toEqual([
      ['deal.stage_changed', 'deal:1190401:stage:53861258:2025-01-09T06:56:47.000Z'],
    ]);
  });

  it('lead status lost (143), and reopened out of 142 (documented variants)', () => {
    expect(events(statusHook('143')).map((e) => e.type)).toEqual(['deal.lost']);
    expect(events(statusHook('53861254', '142')).map((e) => e.type)).toEqual(['deal.reopened']);
  });

  it('lead added: deal.created with price in the account currency', () => {
    expect(events(fixture('amocrm/lead-add.form.txt'))).toEqual([
      {
        externalId: 'deal:1190401:created',
        type: 'deal.created',
        occurredAt: new Date(1736300000000),
        externalEmployeeId: '9040358',
        amount: '34343',
        currency: 'RUB',
        attributes: { dealId: '1190401', stage: '53861254', pipeline: '6254262' },
      },
    ]);
  });

  it('contact added', () => {
    expect(events(fixture('amocrm/contact-add.form.txt'))).toEqual([
      expect.objectContaining({
        externalId: 'contact:22309159:created',
        type: 'contact.created',
        externalEmployeeId: '9040358',
        amount: null,
        currency: null,
      }),
    ]);
  });

  it("call note (note_type 10): call.completed for the note's responsible user", () => {
    expect(events(fixture('amocrm/lead-note-call.form.txt'))).toEqual([
      {
        externalId: 'note:213313359:call',
        type: 'call.completed',
        occurredAt: new Date(1736414371000),
        externalEmployeeId: '9040358',
        amount: null,
        currency: null,
        attributes: { noteId: '213313359', direction: 'incoming', elementType: '2', elementId: '1190401' },
      },
    ]);
  });

  it('a note that is not a call is skipped with a reason', () => {
    const body = fixture('amocrm/lead-note-call.form.txt').toString().replace('note_type%5D=10', 'note_type%5D=4');
    expect(parse(body)).toMatchObject({
      items: [],
      skipped: [{ ref: 'leads[note][0]', reason: 'note is not a call' }],
    });
  });

  it('an owner change (leads[responsible]) moves attribution', () => {
    const body = form([
      ['leads[responsible][0][id]', '1190401'],
      ['leads[responsible][0][responsible_user_id]', '777'],
      ['leads[responsible][0][old_responsible_user_id]', '9040358'],
      ['leads[responsible][0][updated_at]', '1736406000'],
      ['account[id]', '30739638'],
    ]);
    expect(events(body)).toEqual([
      expect.objectContaining({
        type: 'deal.owner_changed',
        externalEmployeeId: '777',
        attributes: { dealId: '1190401', owner: '777', previousOwner: '9040358' },
      }),
    ]);
  });

  it('several entities and rows in one body each become an event', () => {
    const won = fixture('amocrm/lead-status-won.form.txt').toString();
    const contact = fixture('amocrm/contact-add.form.txt').toString().split('&account')[0];
    const second = won.split('&account')[0]?.replaceAll('%5B0%5D', '%5B1%5D').replaceAll('1190401', '1190402');
    const types = events(`${won}&${contact}&${second}`).map((e) => e.externalId);
    expect(types.sort()).toEqual([
      'contact:22309159:created',
      'deal:1190401:won:2025-01-09T06:56:47.000Z',
      'deal:1190402:won:2025-01-09T06:56:47.000Z',
    ]);
  });
});

describe('amoCRM minimal status hook (documented variant)', () => {
  it("becomes a lead read; the transition stays the hook's, owner, price and time come from the read", () => {
    const parsed = parse(MINIMAL);
    expect(parsed.deliveryKey).toBeNull();
    const item = parsed.items[0] as EnrichmentItem;
    expect(item).toMatchObject({ kind: 'enrich', object: 'deal', id: '1190401', stateKey: 'deal:1190401' });
    expect(amo.enrichmentRequest(source, item)).toEqual({
      method: 'GET',
      url: 'https://examplecompany.amocrm.ru/api/v4/leads/1190401',
      headers: { authorization: 'Bearer oauth-sample', accept: 'application/json' },
    });
    const lead = {
      id: 1190401,
      price: 34343,
      responsible_user_id: 9040358,
      pipeline_id: 6254262,
      status_id: 142,
      updated_at: 1736405807,
    };
    const { events: out, newState } = amo.enrich(source, item, { status: 200, body: lead }, null);
    expect(out).toEqual([
      expect.objectContaining({
        externalId: 'deal:1190401:won:2025-01-09T06:56:47.000Z',
        type: 'deal.won',
        externalEmployeeId: '9040358',
        amount: '34343',
        currency: 'RUB',
      }),
    ]);
    expect(newState).toMatchObject({ stage: '142', outcome: 'won' });
    // the same hook read again (a retry that slipped past the delivery key) gives the same key: stored once
    expect(amo.enrich(source, item, { status: 200, body: lead }, newState).events.map((e) => e.externalId)).toEqual(
      out.map((e) => e.externalId),
    );
  });

  it('a late minimal hook never moves the stored state backwards', () => {
    const item = parse(MINIMAL).items[0] as EnrichmentItem;
    const later: DealState = {
      stage: '143',
      pipeline: '6254262',
      outcome: 'lost',
      at: '2025-01-10T00:00:00.000Z',
      owner: '9040358',
      ownerAt: null,
    };
    const result = amo.enrich(
      source,
      item,
      { status: 200, body: { id: 1190401, responsible_user_id: 9040358, updated_at: 1736405807 } },
      later,
    );
    expect(result.newState).toEqual(later);
  });

  it('a source without API credentials cannot build the read', () => {
    const item = parse(MINIMAL).items[0] as EnrichmentItem;
    const bare = { ...source, settings: { accountId: '30739638' } };
    expect(() => amo.enrichmentRequest(bare, item)).toThrow(expect.objectContaining({ code: 'enrich.not_configured' }));
  });
});

describe('amoCRM bad input', () => {
  it.each([
    ['a __proto__ key', 'leads[__proto__][0][id]=1&account[id]=30739638', 'webhook.invalid_form'],
    ['a constructor key', 'leads[status][0][constructor]=1&account[id]=30739638', 'webhook.invalid_form'],
    ['broken brackets', 'leads[status[0]=1&account[id]=30739638', 'webhook.invalid_form'],
    ['no entity', 'account[id]=30739638', 'webhook.invalid_body'],
    ['an action that is not a list', 'leads[status]=1&account[id]=30739638', 'webhook.invalid_body'],
  ])('refuses %s with 422', (_name, body, code) => {
    expect(() => parse(body)).toThrow(expect.objectContaining({ status: 422, code }));
  });

  it('refuses JSON with 415', () => {
    expect(() => amo.parse(source, delivery('{}', { headers: { 'content-type': 'application/json' } }))).toThrow(
      expect.objectContaining({ status: 415, code: 'webhook.unsupported_content_type' }),
    );
  });
});
