// CRM webhooks through the live route, in process (written once, run on SQLite and PostgreSQL): verify → store → answer, then the enrichment outbox
// re-reads the object from a fake Bitrix24 speaking its REST shape (the only thing mocked).
import { createHmac } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bitrix24Deal,
  crmFixture,
  bitrix24DealUpdateForm as dealUpdateForm,
  type FakeBitrix24,
  startFakeBitrix24,
} from '../../../test/fake-crms/index.ts';
import {
  type Database,
  type InProcessApp,
  type SessionHeaders,
  startInProcessApp,
} from '../../../test/in-process-app.ts';
import { Delivery } from '../../db/entities/delivery.entity.ts';
import { EmployeeExternalId } from '../../db/entities/employee-external-id.entity.ts';
import { Enrichment } from '../../db/entities/enrichment.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { ObjectState } from '../../db/entities/object-state.entity.ts';
import { createEnrichmentWorker } from './enrichment-worker.ts';

const TOKEN = '51856fefc120afa4b628cc82d3935cce';
const MEMBER = 'a223c6b3710f85df22e9377d6c4f7553';
const RETRY_MS = 200;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export function crmHooksSuite(label: string, database: Database) {
  describe(`CRM webhooks on ${label}`, () => {
    let app: InProcessApp;
    let admin: SessionHeaders;
    let bitrix: FakeBitrix24;
    let employeeId: string;
    let dying: ((error: Error) => void)[] | undefined;

    interface HookAnswer {
      status: string;
      deliveryId: string;
      events: { stored: string[]; duplicates: number; unmapped: number };
      enrichments: number;
    }
    interface LoggedDelivery {
      id: string;
      status: string;
      error: { code: string } | null;
      events: number;
      skipped: { ref: string; reason: string }[];
      enrichments: { id: string; status: string; attempts: number; lastError: { code: string } | null }[];
    }

    const post = (path: string, body: string | Buffer, headers: Record<string, string>) =>
      app.app.request(path, { method: 'POST', headers, body });
    const em = () => app.orm.em.fork();
    const deliveries = async (sourceId: string) => {
      const response = await app.call('GET', `/api/sources/${sourceId}/deliveries`, admin);
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: LoggedDelivery[] }).items;
    };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    beforeAll(async () => {
      bitrix = await startFakeBitrix24();
      app = await startInProcessApp(database, {
        // a backoff long enough that the pass the webhook route kicks cannot reach the retry on a busy machine
        env: { ENRICH_RETRY_BASE_MS: String(RETRY_MS), ENRICH_MAX_ATTEMPTS: '3', ENRICH_TIMEOUT_MS: '2000' },
        // while `dying`, the engine's CRM calls never return, as if the process stopped mid-flight
        enrichmentFetch: (input, init) =>
          dying ? new Promise<Response>((_, fail) => dying?.push(fail)) : fetch(input, init),
      });
      admin = await app.login('admin@yardstick.demo', 'demo-admin');
      const created = await app.call('POST', '/api/sources', admin, {
        id: 'b24',
        name: 'Bitrix24',
        kind: 'bitrix24',
        secret: TOKEN,
        settings: { webhookUrl: bitrix.webhookUrl, memberId: MEMBER },
      });
      expect(created.status).toBe(201);
      // Bitrix24 user 1 is the demo's Алексей Смирнов
      const demo = await em().findOneOrFail(EmployeeExternalId, { externalId: 'crm-102' });
      employeeId = demo.employee;
      await em().insert(EmployeeExternalId, { id: 'map-b24-1', employee: employeeId, source: 'b24', externalId: '1' });
    });

    afterAll(async () => {
      await app?.stop();
      await bitrix?.stop();
    });

    describe('Bitrix24 through /hooks', () => {
      it('answers 200 before the REST read, then re-reads the deal into a won event attributed to the owner', async () => {
        // a slow portal: the CRM's answer must not wait for it
        bitrix.deals.set('759', bitrix24Deal());
        bitrix.script('crm.deal.get', '759', { delayMs: 300 });
        const response = await post('/hooks/b24', crmFixture('bitrix24/deal-update.form.txt'), FORM);
        expect(response.status).toBe(200);
        const answer = (await response.json()) as HookAnswer;
        expect(answer).toMatchObject({ status: 'accepted', events: { stored: [] }, enrichments: 1 });

        // stored durably before the answer: the row waits for the outbox, no event exists yet
        const pending = await em().find(Enrichment, { delivery: answer.deliveryId });
        expect(pending.map((r) => [r.stateKey, r.status])).toEqual([['deal:759', 'pending']]);
        expect(await em().count(Event, { source: 'b24' })).toBe(0);

        await app.enrichment.kick();
        expect(bitrix.calls).toContainEqual({ route: 'crm.deal.get', id: '759' });
        const events = await em().find(Event, { source: 'b24' });
        expect(events.map((e) => [e.type, e.employee, e.externalEmployeeId, e.amountMinor, e.currency])).toEqual([
          ['deal.won', employeeId, '1', '100000000', 'EUR'],
        ]);
        expect(events[0]?.delivery).toBe(answer.deliveryId);
        const state = await em().findOneOrFail(ObjectState, { source: 'b24', stateKey: 'deal:759' });
        expect(state.state).toMatchObject({ stage: 'WON', outcome: 'won', owner: '1' });

        const [logged] = await deliveries('b24');
        expect(logged).toMatchObject({ id: answer.deliveryId, status: 'accepted', events: 1 });
        expect(logged?.enrichments).toEqual([
          expect.objectContaining({ status: 'done', attempts: 1, lastError: null }),
        ]);
      });

      it('stores nothing new for a redelivery of the same body', async () => {
        const before = await em().count(Enrichment, {});
        const response = await post('/hooks/b24', crmFixture('bitrix24/deal-update.form.txt'), FORM);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status: 'duplicate', events: { stored: [] }, enrichments: 0 });
        expect(await em().count(Enrichment, {})).toBe(before);
        // and the same deal announced again (a new send time) re-reads, but adds no second won event
        await post('/hooks/b24', dealUpdateForm('759', '1736405999'), FORM);
        await app.enrichment.kick();
        expect(await em().count(Event, { source: 'b24', type: 'deal.won' })).toBe(1);
      });

      it('retries a REST read that failed with 503, and then succeeds', async () => {
        bitrix.deals.set('760', bitrix24Deal({ ID: '760' }));
        bitrix.script('crm.deal.get', '760', {
          status: 503,
          body: { error: 'OVERLOAD', error_description: 'Service unavailable' },
        });
        const response = await post('/hooks/b24', dealUpdateForm('760', '1736406000'), FORM);
        expect(response.status).toBe(200);
        const { deliveryId } = (await response.json()) as HookAnswer;
        await app.enrichment.kick();
        const [retrying] = await em().find(Enrichment, { delivery: deliveryId });
        expect(retrying).toMatchObject({ status: 'pending', attempts: 1, lastError: { retryable: true } });
        expect(await em().count(Event, { source: 'b24', attributes: { dealId: '760' } })).toBe(0);

        await sleep(RETRY_MS + 50); // past the backoff
        await app.enrichment.kick();
        const [done] = await em().find(Enrichment, { delivery: deliveryId });
        expect(done).toMatchObject({ status: 'done', attempts: 2 });
        expect(bitrix.calls.filter((c) => c.id === '760')).toHaveLength(2);
        const won = await em().find(Event, { source: 'b24', externalId: { $like: 'deal:760:%' } });
        expect(won.map((e) => [e.type, e.employee])).toEqual([['deal.won', employeeId]]);
      });

      it('gives up a read that keeps failing after ENRICH_MAX_ATTEMPTS, keeping the last error', async () => {
        bitrix.deals.set('762', bitrix24Deal({ ID: '762' }));
        const busy = { status: 503, body: { error: 'OVERLOAD', error_description: 'Busy' } };
        bitrix.script('crm.deal.get', '762', busy, busy, busy);
        const response = await post('/hooks/b24', dealUpdateForm('762', '1736406050'), FORM);
        const { deliveryId } = (await response.json()) as HookAnswer;
        const row = async () => (await em().find(Enrichment, { delivery: deliveryId }))[0];
        await app.enrichment.kick();
        expect(await row()).toMatchObject({ status: 'pending', attempts: 1 });
        await sleep(RETRY_MS + 50); // the base, then twice the base: the backoff doubles
        await app.enrichment.kick();
        expect(await row()).toMatchObject({ status: 'pending', attempts: 2 });
        await sleep(2 * RETRY_MS + 50);
        await app.enrichment.kick();
        expect(await row()).toMatchObject({
          status: 'failed',
          attempts: 3,
          lastError: { code: 'enrich.crm_error', retryable: true },
        });
        expect(bitrix.calls.filter((c) => c.id === '762')).toHaveLength(3);
      });

      it('loses nothing when the engine dies after the answer: the next start finishes the pending read', async () => {
        bitrix.deals.set('763', bitrix24Deal({ ID: '763' }));
        dying = [];
        const response = await post('/hooks/b24', dealUpdateForm('763', '1736406060'), FORM);
        expect(response.status).toBe(200);
        const { deliveryId } = (await response.json()) as HookAnswer;
        expect((await em().find(Enrichment, { delivery: deliveryId }))[0]).toMatchObject({ status: 'pending' });

        // the restarted engine's outbox, over the same database
        const restarted = createEnrichmentWorker({
          orm: app.orm,
          logger: pino({ level: 'silent' }),
          dispatcher: { kick: async () => {}, start: () => {}, stop: async () => {} },
          options: { timeoutMs: 2000, maxAttempts: 3, retryBaseMs: 20 },
        });
        await restarted.kick();
        expect((await em().find(Enrichment, { delivery: deliveryId }))[0]).toMatchObject({ status: 'done' });
        const won = await em().find(Event, { source: 'b24', externalId: { $like: 'deal:763:%' } });
        expect(won.map((e) => [e.type, e.employee])).toEqual([['deal.won', employeeId]]);

        // the first process's call returning late changes nothing
        const late = dying;
        dying = undefined;
        for (const fail of late) fail(new Error('socket hang up'));
        await app.enrichment.kick();
        expect((await em().find(Enrichment, { delivery: deliveryId }))[0]).toMatchObject({
          status: 'done',
          lastError: null,
        });
        expect(await em().count(Event, { source: 'b24', externalId: { $like: 'deal:763:%' } })).toBe(1);
      });

      it('ends a 404 as failed in the delivery log; a replay after the fix stores the event', async () => {
        // the portal has no deal 761 (yet): Bitrix24 answers 400 "Not found"
        const response = await post('/hooks/b24', dealUpdateForm('761', '1736406100'), FORM);
        const { deliveryId } = (await response.json()) as HookAnswer;
        await app.enrichment.kick();
        const logged = (await deliveries('b24')).find((d) => d.id === deliveryId);
        expect(logged?.enrichments).toEqual([
          expect.objectContaining({
            status: 'failed',
            attempts: 1,
            lastError: expect.objectContaining({ code: 'enrich.not_found' }),
          }),
        ]);
        const enrichmentId = logged?.enrichments[0]?.id as string;

        // viewers of the log may not replay: the route is for admins
        const hrToken = await app.call('POST', '/api/tokens', admin, { name: 'hr', role: 'hr' });
        const { token } = (await hrToken.json()) as { token: string };
        const refused = await app.call('POST', `/api/sources/b24/enrichments/${enrichmentId}/replay`, {
          authorization: `Bearer ${token}`,
        });
        expect(refused.status).toBe(403);

        bitrix.deals.set('761', bitrix24Deal({ ID: '761' }));
        const replay = await app.call('POST', `/api/sources/b24/enrichments/${enrichmentId}/replay`, admin);
        expect(replay.status).toBe(202);
        expect(await replay.json()).toMatchObject({ id: enrichmentId, status: 'pending', attempts: 0 });
        await app.enrichment.kick();
        const after = (await deliveries('b24')).find((d) => d.id === deliveryId);
        expect(after).toMatchObject({ events: 1, enrichments: [expect.objectContaining({ status: 'done' })] });
        const again = await app.call('POST', `/api/sources/b24/enrichments/${enrichmentId}/replay`, admin);
        expect(again.status).toBe(409);
        const missing = await app.call('POST', '/api/sources/b24/enrichments/nope/replay', admin);
        expect(missing.status).toBe(404);
      });

      it('refuses a wrong application token with 401, logging the delivery and storing nothing else', async () => {
        const before = await em().count(Enrichment, {});
        const forged = crmFixture('bitrix24/deal-update.form.txt').toString().replace(TOKEN, 'f'.repeat(32));
        const response = await post('/hooks/b24', forged, FORM);
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: 'webhook.bad_token' } });
        expect(await em().count(Enrichment, {})).toBe(before);
        expect((await deliveries('b24'))[0]).toMatchObject({
          status: 'rejected',
          error: { code: 'webhook.bad_token' },
        });
      });

      it('logs the events a delivery carries nothing for', async () => {
        const response = await post(
          '/hooks/b24',
          crmFixture('bitrix24/deal-update.form.txt').toString().replace('ONCRMDEALUPDATE', 'ONCRMCOMPANYADD'),
          FORM,
        );
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status: 'accepted', enrichments: 0 });
        expect((await deliveries('b24'))[0]?.skipped).toEqual([
          { ref: 'ONCRMCOMPANYADD', reason: 'event not used for KPIs' },
        ]);
      });
    });

    describe('HubSpot through /hooks', () => {
      const SECRET = 'sample-client-secret-0000-abcdef';
      const body = Buffer.from(JSON.stringify(JSON.parse(crmFixture('hubspot/deal-won.json').toString('utf8'))));
      const signed = (timestamp: number, raw: Buffer = body) => ({
        'content-type': 'application/json',
        'x-hubspot-request-timestamp': String(timestamp),
        'x-hubspot-signature-v3': createHmac('sha256', SECRET)
          .update(`POST${'http://localhost/hooks/hs'}${raw.toString('utf8')}${timestamp}`)
          .digest('base64'),
      });

      beforeAll(async () => {
        const created = await app.call('POST', '/api/sources', admin, {
          id: 'hs',
          name: 'HubSpot',
          kind: 'hubspot',
          secret: SECRET,
          settings: { accessToken: 'pat-test', apiBaseUrl: new URL(bitrix.webhookUrl).origin },
        });
        expect(created.status).toBe(201);
      });

      it('accepts a signed batch (v3) and queues its re-read', async () => {
        const response = await post('/hooks/hs', body, signed(Date.now()));
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status: 'accepted', enrichments: 1 });
        const [logged] = await deliveries('hs');
        expect(logged).toMatchObject({ status: 'accepted', error: null });
      });

      it('refuses a bad signature with 401 and logs it', async () => {
        const headers = signed(Date.now());
        const response = await post('/hooks/hs', body, {
          ...headers,
          'x-hubspot-signature-v3': `${headers['x-hubspot-signature-v3'].slice(0, -4)}AAA=`,
        });
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: 'webhook.bad_signature' } });
        const [logged] = await deliveries('hs');
        expect(logged).toMatchObject({ status: 'rejected', error: { code: 'webhook.bad_signature' }, events: 0 });
        // an old timestamp is refused as well, however well signed
        const stale = await post('/hooks/hs', body, signed(Date.now() - 10 * 60 * 1000));
        expect(stale.status).toBe(401);
      });
    });

    describe('amoCRM through /hooks/:id/:secret', () => {
      let url: string;
      let secret: string;
      beforeAll(async () => {
        const created = await app.call('POST', '/api/sources', admin, {
          id: 'amo',
          name: 'amoCRM',
          kind: 'amocrm',
          settings: { accountId: '30739638' },
        });
        expect(created.status).toBe(201);
        ({ url, secret } = (await created.json()) as { url: string; secret: string });
      });

      it('gives a URL with the secret in its path, and accepts deliveries to it', async () => {
        expect(url).toMatch(new RegExp(`/hooks/amo/${secret}$`));
        const response = await post(new URL(url).pathname, crmFixture('amocrm/lead-status-won.form.txt'), FORM);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status: 'accepted' });
      });

      it('refuses a wrong path secret, or none, with 401 and logs it', async () => {
        const wrong = await post('/hooks/amo/not-the-secret', crmFixture('amocrm/lead-status-won.form.txt'), FORM);
        expect(wrong.status).toBe(401);
        expect(await wrong.json()).toMatchObject({ error: { code: 'webhook.bad_secret' } });
        const none = await post('/hooks/amo', crmFixture('amocrm/lead-status-won.form.txt'), FORM);
        expect(none.status).toBe(401);
        const logged = await deliveries('amo');
        expect(logged.slice(0, 2).map((d) => [d.status, d.error?.code])).toEqual([
          ['rejected', 'webhook.bad_secret'],
          ['rejected', 'webhook.bad_secret'],
        ]);
        expect(await em().count(Delivery, { source: 'amo', status: 'accepted' })).toBe(1);
      });

      it('has no secret URL for other kinds', async () => {
        const response = await post('/hooks/b24/anything', crmFixture('bitrix24/deal-update.form.txt'), FORM);
        expect(response.status).toBe(404);
      });
    });

    describe('sources of CRM kinds', () => {
      it('validates settings with the adapter, naming each problem by JSON path', async () => {
        const response = await app.call('POST', '/api/sources', admin, {
          name: 'Bitrix24',
          kind: 'bitrix24',
          secret: TOKEN,
          settings: { webhookUrl: 'not a url' },
        });
        expect(response.status).toBe(422);
        expect(await response.json()).toMatchObject({
          error: {
            code: 'source.invalid_settings',
            details: expect.arrayContaining([expect.objectContaining({ path: '/settings/webhookUrl' })]),
          },
        });
        const pipedrive = await app.call('POST', '/api/sources', admin, { name: 'Pipedrive', kind: 'pipedrive' });
        expect(pipedrive.status).toBe(422);
        expect(await pipedrive.json()).toMatchObject({
          error: { details: [expect.objectContaining({ path: '/settings/basicAuthUser' })] },
        });
      });

      it('needs the secret the CRM issued for Bitrix24 and HubSpot, and makes one for the others', async () => {
        const noToken = await app.call('POST', '/api/sources', admin, {
          name: 'Bitrix24',
          kind: 'bitrix24',
          settings: { webhookUrl: bitrix.webhookUrl },
        });
        expect(noToken.status).toBe(422);
        expect(await noToken.json()).toMatchObject({ error: { code: 'source.secret_required' } });
        for (const [kind, settings] of [
          ['twenty', {}],
          ['pipedrive', { basicAuthUser: 'kpi-hook' }],
        ] as const) {
          const created = await app.call('POST', '/api/sources', admin, { name: kind, kind, settings });
          expect(created.status, kind).toBe(201);
          expect(await created.json()).toMatchObject({ kind, signed: true, secret: expect.stringMatching(/^whsec_/) });
        }
      });
    });
  });
}
