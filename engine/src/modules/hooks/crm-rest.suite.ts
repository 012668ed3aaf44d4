// CRM REST reads through the real app (written once, run on SQLite and PostgreSQL), against fake CRMs speaking
// each API's documented shape: the enrichment outbox's re-read after a webhook was answered (HubSpot, amoCRM;
// Bitrix24's is in crm-hooks.suite.ts; Pipedrive and Twenty deliveries are complete and need none).
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  amocrmLead,
  crmFixture,
  type FakeAmoCrm,
  type FakeHubSpot,
  hubspotDeal,
  startFakeAmoCrm,
  startFakeHubSpot,
} from '../../../test/fake-crms/index.ts';
import {
  type Database,
  type InProcessApp,
  type SessionHeaders,
  startInProcessApp,
} from '../../../test/in-process-app.ts';
import { EmployeeExternalId } from '../../db/entities/employee-external-id.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface HookAnswer {
  status: string;
  deliveryId: string;
  enrichments: number;
}
interface LoggedEnrichment {
  id: string;
  status: string;
  attempts: number;
  lastError: { code: string; retryable: boolean } | null;
}

export function crmRestSuite(label: string, database: Database) {
  describe(`CRM REST reads on ${label}`, () => {
    let app: InProcessApp;
    let admin: SessionHeaders;
    let employeeId: string;

    const em = () => app.orm.em.fork();
    const post = (path: string, body: string | Buffer, headers: Record<string, string>) =>
      app.app.request(path, { method: 'POST', headers, body });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const enrichmentOf = async (sourceId: string, deliveryId: string): Promise<LoggedEnrichment> => {
      const response = await app.call('GET', `/api/sources/${sourceId}/deliveries`, admin);
      const { items } = (await response.json()) as { items: { id: string; enrichments: LoggedEnrichment[] }[] };
      const enrichment = items.find((d) => d.id === deliveryId)?.enrichments[0];
      if (!enrichment) throw new Error(`delivery ${deliveryId} has no enrichment`);
      return enrichment;
    };
    const dealEvents = async (sourceId: string, dealId: string) =>
      (
        await em().find(
          Event,
          { source: sourceId, externalId: { $like: `deal:${dealId}:%` } },
          { orderBy: { occurredAt: 'asc' } },
        )
      ).map((e) => [e.type, e.employee, e.amountMinor, e.currency]);
    const createSource = async (body: Record<string, unknown>) => {
      const response = await app.call('POST', '/api/sources', admin, body);
      expect(response.status).toBe(201);
      return (await response.json()) as { id: string; url: string; secret: string };
    };
    const mapOwner = (source: string, externalId: string) =>
      em().insert(EmployeeExternalId, { id: `map-${source}-${externalId}`, employee: employeeId, source, externalId });

    beforeAll(async () => {
      app = await startInProcessApp(database, {
        env: { ENRICH_RETRY_BASE_MS: '20', ENRICH_MAX_ATTEMPTS: '3', ENRICH_TIMEOUT_MS: '2000' },
      });
      admin = await app.login('admin@yardstick.demo', 'demo-admin');
      employeeId = (await em().findOneOrFail(EmployeeExternalId, { externalId: 'crm-102' })).employee;
    });
    afterAll(async () => {
      await app?.stop();
    });

    describe('HubSpot: a dealstage change re-read through GET /crm/v3/objects/deals/{id}', () => {
      const SECRET = 'sample-client-secret-0000-abcdef';
      let hubspot: FakeHubSpot;
      const batch = (objectId: string, eventId: number, occurredAt: number) => {
        const [event] = JSON.parse(crmFixture('hubspot/deal-won.json').toString('utf8')) as Record<string, unknown>[];
        return Buffer.from(JSON.stringify([{ ...event, objectId: Number(objectId), eventId, occurredAt }]));
      };
      const send = (body: Buffer) => {
        const timestamp = String(Date.now());
        return post('/hooks/hs', body, {
          'content-type': 'application/json',
          'x-hubspot-request-timestamp': timestamp,
          'x-hubspot-signature-v3': createHmac('sha256', SECRET)
            .update(`POSThttp://localhost/hooks/hs${body.toString('utf8')}${timestamp}`)
            .digest('base64'),
        });
      };

      beforeAll(async () => {
        hubspot = await startFakeHubSpot();
        await createSource({
          id: 'hs',
          name: 'HubSpot',
          kind: 'hubspot',
          secret: SECRET,
          settings: { accessToken: hubspot.accessToken, apiBaseUrl: hubspot.apiBaseUrl },
        });
        await mapOwner('hs', '10420865');
      });
      afterAll(() => hubspot?.stop());

      it('answers the hook, then reads amount, currency and owner into one deal.won', async () => {
        hubspot.objects.deals.set('17283549612', hubspotDeal());
        const response = await send(batch('17283549612', 1002, 1736409407123));
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status: 'accepted', enrichments: 1 });
        expect(await dealEvents('hs', '17283549612')).toEqual([]);

        await app.enrichment.kick();
        expect(hubspot.calls).toEqual([{ route: 'GET /crm/v3/objects/deals/{id}', id: '17283549612' }]);
        expect(await dealEvents('hs', '17283549612')).toEqual([['deal.won', employeeId, '1909000', 'EUR']]);

        // HubSpot retrying the same event, or another event of the same win, adds nothing
        await send(batch('17283549612', 1002, 1736409407123));
        await send(batch('17283549612', 1003, 1736409407999));
        await app.enrichment.kick();
        expect(await dealEvents('hs', '17283549612')).toEqual([['deal.won', employeeId, '1909000', 'EUR']]);
      });

      it('retries a read answered 429 (rate limit) and stores the win once it succeeds', async () => {
        hubspot.objects.deals.set('4001', hubspotDeal({ amount: '500.25' }));
        hubspot.script('GET /crm/v3/objects/deals/{id}', '4001', {
          status: 429,
          body: {
            status: 'error',
            message: 'You have reached your ten_secondly_rolling limit.',
            category: 'RATE_LIMITS',
          },
        });
        const { deliveryId } = (await (await send(batch('4001', 2001, Date.now()))).json()) as HookAnswer;
        await app.enrichment.kick();
        expect(await enrichmentOf('hs', deliveryId)).toMatchObject({
          status: 'pending',
          attempts: 1,
          lastError: { code: 'enrich.http_error', retryable: true },
        });
        expect(await dealEvents('hs', '4001')).toEqual([]);
        await sleep(40);
        await app.enrichment.kick();
        expect(await enrichmentOf('hs', deliveryId)).toMatchObject({ status: 'done', attempts: 2 });
        expect(await dealEvents('hs', '4001')).toEqual([['deal.won', employeeId, '50025', 'EUR']]);
      });

      it('fails a deal HubSpot does not know (404) and stores it after a replay once it exists', async () => {
        const { deliveryId } = (await (await send(batch('4004', 2004, Date.now()))).json()) as HookAnswer;
        await app.enrichment.kick();
        const failed = await enrichmentOf('hs', deliveryId);
        expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: { code: 'enrich.not_found' } });

        hubspot.objects.deals.set('4004', hubspotDeal());
        const replay = await app.call('POST', `/api/sources/hs/enrichments/${failed.id}/replay`, admin);
        expect(replay.status).toBe(202);
        await app.enrichment.kick();
        expect(await enrichmentOf('hs', deliveryId)).toMatchObject({ status: 'done' });
        expect(await dealEvents('hs', '4004')).toEqual([['deal.won', employeeId, '1909000', 'EUR']]);
      });

      it('fails a read refused for a wrong token (401) without retrying', async () => {
        await app.call('POST', '/api/sources', admin, {
          id: 'hs-bad-token',
          name: 'HubSpot, revoked token',
          kind: 'hubspot',
          secret: SECRET,
          settings: { accessToken: 'pat-revoked', apiBaseUrl: hubspot.apiBaseUrl },
        });
        const body = batch('17283549612', 3001, Date.now());
        const timestamp = String(Date.now());
        const response = await post('/hooks/hs-bad-token', body, {
          'content-type': 'application/json',
          'x-hubspot-request-timestamp': timestamp,
          'x-hubspot-signature-v3': createHmac('sha256', SECRET)
            .update(`POSThttp://localhost/hooks/hs-bad-token${body.toString('utf8')}${timestamp}`)
            .digest('base64'),
        });
        const { deliveryId } = (await response.json()) as HookAnswer;
        await app.enrichment.kick();
        expect(await enrichmentOf('hs-bad-token', deliveryId)).toMatchObject({
          status: 'failed',
          attempts: 1,
          lastError: { code: 'enrich.http_error', retryable: false },
        });
      });
    });

    describe('amoCRM: a minimal leads[status] hook re-read through GET /api/v4/leads/{id}', () => {
      let amo: FakeAmoCrm;
      let hookPath: string;
      const minimal = (leadId: string, status = '142', oldStatus = '53861258') =>
        [
          ['leads[status][0][id]', leadId],
          ['leads[status][0][status_id]', status],
          ['leads[status][0][pipeline_id]', '6254262'],
          ['leads[status][0][old_status_id]', oldStatus],
          ['leads[status][0][old_pipeline_id]', '6254262'],
          ['account[id]', '30739638'],
        ]
          .map(([k, v]) => `${encodeURIComponent(k as string)}=${encodeURIComponent(v as string)}`)
          .join('&');

      beforeAll(async () => {
        amo = await startFakeAmoCrm();
        const created = await createSource({
          id: 'amo',
          name: 'amoCRM',
          kind: 'amocrm',
          settings: {
            accountId: '30739638',
            apiBaseUrl: amo.apiBaseUrl,
            accessToken: amo.accessToken,
            currency: 'RUB',
          },
        });
        hookPath = new URL(created.url).pathname;
        await mapOwner('amo', '9040358');
      });
      afterAll(() => amo?.stop());

      it('reads the owner and price of the lead into one deal.won', async () => {
        amo.leads.set('1190401', amocrmLead());
        const response = await post(hookPath, minimal('1190401'), FORM);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status: 'accepted', enrichments: 1 });
        await app.enrichment.kick();
        expect(amo.calls).toEqual([{ route: 'GET /api/v4/leads/{id}', id: '1190401' }]);
        expect(await dealEvents('amo', '1190401')).toEqual([['deal.won', employeeId, '3434300', 'RUB']]);
        // the same hook again (amoCRM retries) is a duplicate delivery; nothing new is stored
        await post(hookPath, minimal('1190401'), FORM);
        await app.enrichment.kick();
        expect(await dealEvents('amo', '1190401')).toEqual([['deal.won', employeeId, '3434300', 'RUB']]);
      });

      it('retries a read answered 503 and then stores a lost deal with its owner', async () => {
        amo.leads.set('5002', amocrmLead({ id: 5002, status_id: 143, price: 1200 }));
        amo.script('GET /api/v4/leads/{id}', '5002', {
          status: 503,
          body: { title: 'Service Unavailable', type: 'https://httpstatus.es/503', status: 503, detail: 'Try later' },
        });
        const { deliveryId } = (await (await post(hookPath, minimal('5002', '143'), FORM)).json()) as HookAnswer;
        await app.enrichment.kick();
        expect(await enrichmentOf('amo', deliveryId)).toMatchObject({ status: 'pending', attempts: 1 });
        await sleep(40);
        await app.enrichment.kick();
        expect(await enrichmentOf('amo', deliveryId)).toMatchObject({ status: 'done', attempts: 2 });
        expect(await dealEvents('amo', '5002')).toEqual([['deal.lost', employeeId, '120000', 'RUB']]);
      });

      it('fails a lead amoCRM answers 204 for (gone), replayable once it is back', async () => {
        const { deliveryId } = (await (
          await post(hookPath, minimal('5004', '53861258', '53861254'), FORM)
        ).json()) as HookAnswer;
        await app.enrichment.kick();
        const failed = await enrichmentOf('amo', deliveryId);
        expect(failed).toMatchObject({ status: 'failed', lastError: { code: 'enrich.not_found', retryable: false } });

        amo.leads.set('5004', amocrmLead({ id: 5004, status_id: 53861258 }));
        expect((await app.call('POST', `/api/sources/amo/enrichments/${failed.id}/replay`, admin)).status).toBe(202);
        await app.enrichment.kick();
        expect(await dealEvents('amo', '5004')).toEqual([['deal.stage_changed', employeeId, '3434300', 'RUB']]);
      });
    });
  });
}
