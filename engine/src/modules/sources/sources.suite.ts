// Sources through the API, in process (written once, run on SQLite and PostgreSQL): a generic source with a mapping
// receives a CRM-like body, its mapping and secret are edited, and sample bodies are tried without storing anything.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmFixture } from '../../../test/fake-crms/harness.ts';
import {
  type Database,
  type InProcessApp,
  type SessionHeaders,
  startInProcessApp,
} from '../../../test/in-process-app.ts';
import { AuditLog } from '../../db/entities/audit-log.entity.ts';
import { Delivery } from '../../db/entities/delivery.entity.ts';
import { EmployeeExternalId } from '../../db/entities/employee-external-id.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { Source } from '../../db/entities/source.entity.ts';
import { TESTS_KEPT } from '../hooks/dry-run.service.ts';
import { pointerMapping } from '../hooks/generic-mapping.fixtures.ts';

const jsonataMapping = {
  language: 'jsonata',
  items: 'data.deals',
  fields: {
    id: '"deal-" & $string(id)',
    type: 'status = "won" ? "deal.won" : "deal.touched"',
    employee: 'owner.id',
    occurredAt: 'closed_at',
    amount: 'value',
    attributes: { batch: '$body.batch' },
  },
};

const crmBody = (batch: string, deals: Record<string, unknown>[]) => JSON.stringify({ batch, data: { deals } });
const wonDeal = (id: number) => ({
  id,
  status: 'won',
  owner: { id: 7 },
  value: '1250.50',
  currency: 'EUR',
  closed_at: '2026-11-02T10:00:00Z',
  pipeline: 'sales',
});

interface Problem {
  path: string;
  message: string;
}
interface ErrorBody {
  error: { code: string; message: string; details?: Problem[] };
}

export function sourcesSuite(label: string, database: Database) {
  describe(`Sources on ${label}`, () => {
    let app: InProcessApp;
    let admin: SessionHeaders;
    let employeeId: string;
    let secret: string;

    const em = () => app.orm.em.fork();
    const sign = (key: string, raw: string) => `sha256=${createHmac('sha256', key).update(raw).digest('hex')}`;
    const hook = (raw: string, key: string) =>
      app.app.request('/hooks/crm-json', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-yardstick-signature': sign(key, raw) },
        body: raw,
      });
    const deliveries = async (query = '') => {
      const response = await app.call('GET', `/api/sources/crm-json/deliveries${query}`, admin);
      expect(response.status).toBe(200);
      return (
        (await response.json()) as {
          items: { id: string; status: string; error: { code: string; details?: Problem[] } | null; events: number }[];
        }
      ).items;
    };

    beforeAll(async () => {
      app = await startInProcessApp(database);
      admin = await app.login('admin@yardstick.demo', 'demo-admin');
      const created = await app.call('POST', '/api/sources', admin, {
        id: 'crm-json',
        name: 'In-house CRM',
        kind: 'generic',
        settings: { mapping: pointerMapping },
      });
      expect(created.status).toBe(201);
      const source = (await created.json()) as { secret: string; url: string; settings: unknown };
      expect(source.settings).toEqual({ mapping: pointerMapping });
      expect(source.url).toMatch(/\/hooks\/crm-json$/);
      secret = source.secret;
      const demo = await em().findOneOrFail(EmployeeExternalId, { externalId: 'crm-102' });
      employeeId = demo.employee;
      await em().insert(EmployeeExternalId, {
        id: 'map-crm-json-7',
        employee: employeeId,
        source: 'crm-json',
        externalId: '7',
      });
    });

    afterAll(async () => {
      await app?.stop();
    });

    it('a signed CRM-like body is stored as mapped events, attributed, with the skipped records in the log', async () => {
      const raw = crmBody('b1', [
        wonDeal(101),
        { ...wonDeal(102), status: 'open' },
        { ...wonDeal(103), status: 'lost', owner: { id: 99 }, value: 10, currency: 'JPY' },
      ]);
      const response = await hook(raw, secret);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'accepted', events: { duplicates: 0, unmapped: 1 } });
      const events = await em().find(Event, { source: 'crm-json' }, { orderBy: { externalId: 'asc' } });
      expect(
        events.map((e) => [
          e.externalId,
          e.type,
          e.employee,
          e.externalEmployeeId,
          e.amountMinor,
          e.currency,
          e.attributes,
        ]),
      ).toEqual([
        ['101', 'deal.won', employeeId, '7', '125050', 'EUR', { pipeline: 'sales' }],
        ['103', 'deal.lost', null, '99', '10', 'JPY', { pipeline: 'sales' }],
      ]);
      expect(events[0]?.occurredAt.toISOString()).toBe('2026-11-02T10:00:00.000Z');
      const [logged] = await deliveries();
      expect(logged).toMatchObject({ status: 'accepted', events: 2, skipped: [{ ref: 'records/1' }] });
    });

    it('a record the mapping cannot make an event is refused with its index and field, and nothing is stored', async () => {
      const raw = crmBody('b2', [wonDeal(201), { ...wonDeal(202), value: '12,50' }]);
      const response = await hook(raw, secret);
      expect(response.status).toBe(422);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).toBe('webhook.invalid_body');
      expect(body.error.details).toEqual([
        {
          path: '/records/1/amount',
          message: 'expected a decimal amount such as "1250.50" (mapping /fields/amount: /value)',
        },
      ]);
      expect(await em().count(Event, { source: 'crm-json', externalId: { $in: ['201', '202'] } })).toBe(0);
      const [logged] = await deliveries();
      expect(logged).toMatchObject({ status: 'rejected', events: 0, error: { code: 'webhook.invalid_body' } });
      expect(logged?.error?.details?.[0]?.path).toBe('/records/1/amount');
    });

    it('refuses a bad mapping on create and on edit with the JSON pointer of the problem, keeping the saved one', async () => {
      const create = await app.call('POST', '/api/sources', admin, {
        name: 'Broken',
        kind: 'generic',
        settings: { mapping: { ...pointerMapping, fields: { ...pointerMapping.fields, id: 'id' } } },
      });
      expect(create.status).toBe(422);
      expect(((await create.json()) as ErrorBody).error.details?.map((d) => d.path)).toEqual([
        '/settings/mapping/fields/id',
      ]);

      const edit = await app.call('PATCH', '/api/sources/crm-json', admin, {
        settings: { mapping: { ...jsonataMapping, fields: { ...jsonataMapping.fields, amount: 'value +' } } },
      });
      expect(edit.status).toBe(422);
      const body = (await edit.json()) as ErrorBody;
      expect(body.error.code).toBe('source.invalid_settings');
      expect(body.error.details).toEqual([
        { path: '/settings/mapping/fields/amount', message: expect.stringContaining('JSONata') },
      ]);
      const saved = await app.call('GET', '/api/sources/crm-json', admin);
      expect(((await saved.json()) as { settings: unknown }).settings).toEqual({ mapping: pointerMapping });
    });

    it('an edited mapping applies to the next delivery, and the edit is audited', async () => {
      const edit = await app.call('PATCH', '/api/sources/crm-json', admin, {
        name: 'In-house CRM (JSONata)',
        settings: { mapping: jsonataMapping },
      });
      expect(edit.status).toBe(200);
      expect(await edit.json()).toMatchObject({
        name: 'In-house CRM (JSONata)',
        settings: { mapping: jsonataMapping },
      });
      const audit = await em().find(AuditLog, { action: 'source.update', entityId: 'crm-json' });
      expect(audit).toHaveLength(1);

      const response = await hook(
        crmBody('b3', [
          { ...wonDeal(301), currency: undefined },
          { ...wonDeal(302), status: 'open' },
        ]),
        secret,
      );
      expect(response.status).toBe(200);
      const events = await em().find(
        Event,
        { source: 'crm-json', externalId: { $like: 'deal-3%' } },
        { orderBy: { externalId: 'asc' } },
      );
      expect(events.map((e) => [e.externalId, e.type, e.employee, e.attributes])).toEqual([
        ['deal-301', 'deal.won', employeeId, { batch: 'b3' }],
        ['deal-302', 'deal.touched', employeeId, { batch: 'b3' }],
      ]);
    });

    it('a test run answers the events it would store and logs a `test` delivery, storing no event', async () => {
      const before = await em().count(Event, { source: 'crm-json' });
      const response = await app.call('POST', '/api/sources/crm-json/test', admin, {
        body: crmBody('sample', [wonDeal(401), { ...wonDeal(402), owner: { id: 55 }, value: 7 }]),
      });
      expect(response.status).toBe(200);
      const result = (await response.json()) as { deliveryId: string };
      expect(result).toEqual({
        events: [
          {
            externalId: 'deal-401',
            type: 'deal.won',
            occurredAt: '2026-11-02T10:00:00.000Z',
            externalEmployeeId: '7',
            employeeId,
            amount: '1250.50',
            // the organization's currency, as ingestion would apply it
            currency: expect.stringMatching(/^[A-Z]{3}$/),
            attributes: { batch: 'sample' },
          },
          expect.objectContaining({ externalId: 'deal-402', externalEmployeeId: '55', employeeId: null, amount: '7' }),
        ],
        skipped: [],
        enrichments: [],
        deliveryId: expect.any(String),
      });
      expect(await em().count(Event, { source: 'crm-json' })).toBe(before);
      const tests = await deliveries('?status=test');
      expect(tests).toEqual([
        expect.objectContaining({ id: result.deliveryId, status: 'test', events: 0, error: null }),
      ]);
    });

    it('a test run can try an unsaved mapping, which stays unsaved', async () => {
      const draft = { mapping: { ...pointerMapping, types: { won: 'deal.closed_won' }, otherTypes: 'skip' } };
      const response = await app.call('POST', '/api/sources/crm-json/test', admin, {
        body: crmBody('draft', [wonDeal(601), { ...wonDeal(602), status: 'open' }]),
        settings: draft,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        events: [{ externalId: '601', type: 'deal.closed_won', employeeId }],
        skipped: [{ ref: 'records/1', reason: 'type "open" is not in the mapping\'s types' }],
      });
      const saved = (await (await app.call('GET', '/api/sources/crm-json', admin)).json()) as { settings: unknown };
      expect(saved.settings).toEqual({ mapping: jsonataMapping });
      const invalid = await app.call('POST', '/api/sources/crm-json/test', admin, {
        body: '{}',
        settings: { mapping: { ...pointerMapping, language: 'xpath' } },
      });
      expect(invalid.status).toBe(422);
      expect(((await invalid.json()) as ErrorBody).error.details?.[0]?.path).toBe('/settings/mapping/language');
    });

    it('a test run of a sample a delivery would refuse gets the same error, and the log shows the failed test', async () => {
      const response = await app.call('POST', '/api/sources/crm-json/test', admin, { body: '{"data": ' });
      expect(response.status).toBe(422);
      expect(((await response.json()) as ErrorBody).error.code).toBe('webhook.invalid_json');
      const [latest] = await deliveries('?status=test');
      expect(latest).toMatchObject({ status: 'test', error: { code: 'webhook.invalid_json' } });
    });

    it('keeps the latest test runs in the log, not every one ever made', async () => {
      for (let i = 0; i < TESTS_KEPT + 5; i += 1) {
        const response = await app.call('POST', '/api/sources/crm-json/test', admin, { body: crmBody(`t${i}`, []) });
        expect(response.status).toBe(200);
      }
      const tests = await em().find(Delivery, { source: 'crm-json', status: 'test' });
      expect(tests).toHaveLength(TESTS_KEPT);
      expect(tests.map((d) => d.body)).toContain(crmBody(`t${TESTS_KEPT + 4}`, []));
      expect(tests.map((d) => d.body)).not.toContain(crmBody('t0', []));
    });

    it('a rotated secret refuses the old signature and accepts the new one', async () => {
      const rotated = await app.call('POST', '/api/sources/crm-json/secret', admin, {});
      expect(rotated.status).toBe(200);
      const next = ((await rotated.json()) as { secret: string }).secret;
      expect(next).toMatch(/^whsec_/);
      expect(next).not.toBe(secret);
      const raw = crmBody('b5', [wonDeal(501)]);
      const old = await hook(raw, secret);
      expect(old.status).toBe(401);
      expect(((await old.json()) as ErrorBody).error.code).toBe('webhook.bad_signature');
      expect((await hook(raw, next)).status).toBe(200);
      // the secret is never answered again
      const shown = (await (await app.call('GET', '/api/sources/crm-json', admin)).json()) as Record<string, unknown>;
      expect(shown.secret).toBeUndefined();
      expect(shown.signed).toBe(true);
      // a body is optional; each rotation is audited, without the secret
      const again = await app.call('POST', '/api/sources/crm-json/secret', admin);
      expect(again.status).toBe(200);
      expect((await hook(raw, next)).status).toBe(401);
      const audit = await em().find(AuditLog, { action: 'source.rotate_secret', entityId: 'crm-json' });
      expect(audit).toHaveLength(2);
      expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain(next);
    });

    it('CRM sources: edits are validated by the adapter, an issued secret must be given, a form sample is parsed', async () => {
      const created = await app.call('POST', '/api/sources', admin, {
        id: 'b24-test',
        name: 'Bitrix24',
        kind: 'bitrix24',
        secret: '51856fefc120afa4b628cc82d3935cce',
        settings: { webhookUrl: 'https://portal.bitrix24.ru/rest/1/abc123/' },
      });
      expect(created.status).toBe(201);
      const edit = await app.call('PATCH', '/api/sources/b24-test', admin, { settings: { webhookUrl: 'not a url' } });
      expect(edit.status).toBe(422);
      expect(((await edit.json()) as ErrorBody).error.details?.[0]?.path).toBe('/settings/webhookUrl');

      const rotate = await app.call('POST', '/api/sources/b24-test/secret', admin, {});
      expect(rotate.status).toBe(422);
      expect(((await rotate.json()) as ErrorBody).error.code).toBe('source.secret_required');
      const given = await app.call('POST', '/api/sources/b24-test/secret', admin, {
        secret: 'a-new-application-token',
      });
      expect(given.status).toBe(200);
      expect(((await given.json()) as { secret: string }).secret).toBe('a-new-application-token');

      const sample = await app.call('POST', '/api/sources/b24-test/test', admin, {
        body: crmFixture('bitrix24/deal-update.form.txt').toString('utf8'),
        contentType: 'application/x-www-form-urlencoded',
      });
      expect(sample.status).toBe(200);
      expect(await sample.json()).toMatchObject({ events: [], enrichments: [{ object: 'deal', id: '759' }] });
      const json = await app.call('POST', '/api/sources/b24-test/test', admin, { body: '{}' });
      expect(json.status).toBe(415);
    });

    it('never shows CRM credentials in settings, and keeps them when the masked settings are sent back', async () => {
      const created = await app.call('POST', '/api/sources', admin, {
        id: 'hs-creds',
        name: 'HubSpot',
        kind: 'hubspot',
        secret: 'hubspot-client-secret-0123456789',
        settings: { accessToken: 'pat-na1-very-secret-token', portalId: '111' },
      });
      expect(created.status).toBe(201);
      const shown = (await (await app.call('GET', '/api/sources/hs-creds', admin)).json()) as {
        settings: Record<string, unknown>;
      };
      expect(shown.settings.accessToken).toBe('••••••••');
      expect(JSON.stringify(await (await app.call('GET', '/api/sources', admin)).json())).not.toContain(
        'pat-na1-very-secret-token',
      );
      // the studio sends the settings back as shown, with one value changed
      const edited = await app.call('PATCH', '/api/sources/hs-creds', admin, {
        settings: { ...shown.settings, portalId: '222' },
      });
      expect(edited.status).toBe(200);
      const stored = await em().findOneOrFail(Source, { id: 'hs-creds' });
      expect(stored.settings).toMatchObject({ accessToken: 'pat-na1-very-secret-token', portalId: '222' });
      // a Bitrix24 inbound-webhook URL carries its key in the path: only the origin is shown
      await app.call('POST', '/api/sources', admin, {
        id: 'b24-creds',
        name: 'Bitrix24',
        kind: 'bitrix24',
        secret: '51856fefc120afa4b628cc82d3935cce',
        settings: { webhookUrl: 'https://portal.bitrix24.ru/rest/1/abc123secret/' },
      });
      const bitrix = (await (await app.call('GET', '/api/sources/b24-creds', admin)).json()) as {
        settings: Record<string, unknown>;
      };
      expect(bitrix.settings.webhookUrl).toBe('https://portal.bitrix24.ru/••••••••');
    });

    it('only a role that manages sources may edit, rotate or test', async () => {
      const manager = await app.login('manager@yardstick.demo', 'demo-manager');
      for (const [method, path, body] of [
        ['PATCH', '/api/sources/crm-json', { name: 'x' }],
        ['POST', '/api/sources/crm-json/secret', {}],
        ['POST', '/api/sources/crm-json/test', { body: '{}' }],
      ] as const) {
        expect((await app.call(method, path, manager, body)).status).toBe(403);
      }
      expect((await app.call('PATCH', '/api/sources/nope', admin, { name: 'x' })).status).toBe(404);
    });
  });
}
