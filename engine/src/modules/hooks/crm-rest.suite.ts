// CRM REST reads through the real app (written once, run on SQLite and PostgreSQL), against fake CRMs speaking
// each API's documented shape: the enrichment outbox's re-read after a webhook was answered (HubSpot, amoCRM;
// Bitrix24's is in crm-hooks.suite.ts; Pipedrive and Twenty deliveries are complete and need none), and
// reconciliation polling for deals the webhooks lost and for overdue tasks (every CRM).
import { createHmac } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  amocrmLead,
  amocrmTask,
  bitrix24Deal,
  bitrix24DealUpdateForm,
  crmFixture,
  type FakeAmoCrm,
  type FakeBitrix24,
  type FakeHubSpot,
  type FakePipedrive,
  type FakeTwenty,
  hubspotDeal,
  pipedriveActivity,
  pipedriveDeal,
  startFakeAmoCrm,
  startFakeBitrix24,
  startFakeHubSpot,
  startFakePipedrive,
  startFakeTwenty,
  twentyOpportunity,
  twentyTask,
} from '../../../test/fake-crms/index.ts';
import {
  type Database,
  type InProcessApp,
  type SessionHeaders,
  startInProcessApp,
} from '../../../test/in-process-app.ts';
import { EmployeeExternalId } from '../../db/entities/employee-external-id.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { SourcePoll } from '../../db/entities/source-poll.entity.ts';
import { createReconcileWorker } from './reconcile-worker.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const RETRY_MS = 250;

interface HookAnswer {
  status: string;
  deliveryId: string;
  enrichments: number;
}
interface Found {
  deals: number;
  events: number;
  overdueTasks: number;
  errors: { list: string; code: string }[];
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
        // a backoff long enough that the pass the webhook route kicks cannot reach the retry on a busy machine
        env: { ENRICH_RETRY_BASE_MS: String(RETRY_MS), ENRICH_MAX_ATTEMPTS: '3', ENRICH_TIMEOUT_MS: '2000' },
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
        await sleep(RETRY_MS + 50);
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
        await sleep(RETRY_MS + 50);
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

    describe('reconciliation polling', () => {
      const reconcile = async (sourceId: string): Promise<Found> => {
        const response = await app.call('POST', `/api/sources/${sourceId}/reconcile`, admin);
        expect(response.status).toBe(200);
        return (await response.json()) as Found;
      };
      const events = async (sourceId: string, like: string) =>
        (
          await em().find(Event, { source: sourceId, externalId: { $like: like } }, { orderBy: { externalId: 'asc' } })
        ).map((e) => [e.type, e.employee, e.amountMinor, e.currency, e.delivery ?? null]);
      const isoAgo = (ms: number) => new Date(Date.now() - ms).toISOString();

      describe('Bitrix24 (at-most-once webhooks): crm.deal.list and crm.activity.list', () => {
        const TOKEN = '51856fefc120afa4b628cc82d3935cce';
        let bitrix: FakeBitrix24;
        beforeAll(async () => {
          bitrix = await startFakeBitrix24();
          await createSource({
            id: 'b24',
            name: 'Bitrix24',
            kind: 'bitrix24',
            secret: TOKEN,
            settings: { webhookUrl: bitrix.webhookUrl },
          });
          await mapOwner('b24', '1');
        });
        afterAll(() => bitrix?.stop());

        it('stores a win the webhook never delivered once, and a second poll adds nothing', async () => {
          const now = new Date().toISOString();
          bitrix.deals.set('900', bitrix24Deal({ ID: '900', MOVED_TIME: now, DATE_MODIFY: now }));
          // an old deal, untouched within the first poll's reach
          bitrix.deals.set('899', bitrix24Deal({ ID: '899' }));
          expect(await reconcile('b24')).toEqual({ deals: 1, events: 1, overdueTasks: 0, errors: [] });
          expect(await events('b24', 'deal:900:%')).toEqual([['deal.won', employeeId, '100000000', 'EUR', null]]);
          expect(await events('b24', 'deal:899:%')).toEqual([]);

          // the overlap reads the same deal again: it is compared with its stored state, nothing is repeated
          expect(await reconcile('b24')).toEqual({ deals: 1, events: 0, overdueTasks: 0, errors: [] });
          expect(await events('b24', 'deal:900:%')).toHaveLength(1);
          const source = await app.call('GET', '/api/sources/b24', admin);
          expect(await source.json()).toMatchObject({
            reconciliation: { enabled: true, lastPolledAt: expect.any(String), lastError: null },
          });
        });

        it('gives one event for a deal seen both by the webhook and by the poll', async () => {
          const now = new Date().toISOString();
          bitrix.deals.set('901', bitrix24Deal({ ID: '901', MOVED_TIME: now, DATE_MODIFY: now }));
          const hook = await post('/hooks/b24', bitrix24DealUpdateForm('901', String(Date.now())), FORM);
          expect(hook.status).toBe(200);
          await app.enrichment.kick();
          const viaHook = await events('b24', 'deal:901:%');
          expect(viaHook).toEqual([['deal.won', employeeId, '100000000', 'EUR', expect.any(String)]]);
          expect(await reconcile('b24')).toMatchObject({ events: 0 });
          expect(await events('b24', 'deal:901:%')).toEqual(viaHook);
        });

        it('turns an open activity past its deadline into one task.overdue of its responsible user', async () => {
          const due = isoAgo(60_000);
          bitrix.activities.set('77', {
            ID: '77',
            TYPE_ID: '3',
            SUBJECT: 'Call back',
            COMPLETED: 'N',
            DEADLINE: due,
            RESPONSIBLE_ID: '1',
            OWNER_TYPE_ID: '2',
            OWNER_ID: '900',
          });
          bitrix.activities.set('78', {
            ID: '78',
            TYPE_ID: '3',
            SUBJECT: 'Done',
            COMPLETED: 'Y',
            DEADLINE: due,
            RESPONSIBLE_ID: '1',
          });
          bitrix.activities.set('79', {
            ID: '79',
            TYPE_ID: '3',
            SUBJECT: 'Later',
            COMPLETED: 'N',
            DEADLINE: isoAgo(-3_600_000),
            RESPONSIBLE_ID: '1',
          });
          expect(await reconcile('b24')).toMatchObject({ overdueTasks: 1, errors: [] });
          const [task] = await em().find(Event, { source: 'b24', type: 'task.overdue' });
          expect(task).toMatchObject({
            externalId: `task:77:overdue:${new Date(due).toISOString()}`,
            employee: employeeId,
            externalEmployeeId: '1',
            attributes: { taskId: '77', subject: 'Call back' },
          });
          expect(task?.occurredAt.toISOString()).toBe(new Date(due).toISOString());
          expect(await reconcile('b24')).toMatchObject({ overdueTasks: 0 });
          expect(await em().count(Event, { source: 'b24', type: 'task.overdue' })).toBe(1);
        });

        it('records a 5xx as the last error, keeps its window, and stores the deal on the next poll', async () => {
          const polled = async () => em().findOneOrFail(SourcePoll, { source: 'b24', list: 'deals' });
          const before = await polled();
          const now = new Date().toISOString();
          bitrix.deals.set(
            '902',
            bitrix24Deal({ ID: '902', STAGE_ID: 'LOSE', STAGE_SEMANTIC_ID: 'F', MOVED_TIME: now, DATE_MODIFY: now }),
          );
          bitrix.script('crm.deal.list', null, {
            status: 503,
            body: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' },
          });
          const failed = await reconcile('b24');
          expect(failed).toMatchObject({ events: 0, errors: [{ list: 'deals', code: 'enrich.crm_error' }] });
          expect((await polled()).watermark?.getTime()).toBe(before.watermark?.getTime());
          const source = (await (await app.call('GET', '/api/sources/b24', admin)).json()) as {
            reconciliation: { lastError: { list: string; code: string } | null };
          };
          expect(source.reconciliation.lastError).toMatchObject({ list: 'deals', code: 'enrich.crm_error' });

          expect(await reconcile('b24')).toMatchObject({ events: 1, errors: [] });
          expect(await events('b24', 'deal:902:%')).toEqual([['deal.lost', employeeId, '100000000', 'EUR', null]]);
          const after = (await (await app.call('GET', '/api/sources/b24', admin)).json()) as {
            reconciliation: { lastError: unknown };
          };
          expect(after.reconciliation.lastError).toBeNull();
        });

        it('stores the other deals of a page when one cannot be stored, and reads its window again', async () => {
          const now = new Date().toISOString();
          // three decimals cannot be euro cents
          bitrix.deals.set(
            '904',
            bitrix24Deal({ ID: '904', OPPORTUNITY: '10.125', MOVED_TIME: now, DATE_MODIFY: now }),
          );
          bitrix.deals.set('905', bitrix24Deal({ ID: '905', MOVED_TIME: now, DATE_MODIFY: now }));
          expect(await reconcile('b24')).toMatchObject({
            events: 1,
            errors: [{ list: 'deals', code: 'webhook.invalid_amount' }],
          });
          expect(await events('b24', 'deal:905:%')).toHaveLength(1);
          expect(await events('b24', 'deal:904:%')).toEqual([]);

          bitrix.deals.set('904', bitrix24Deal({ ID: '904', OPPORTUNITY: '10.12', MOVED_TIME: now, DATE_MODIFY: now }));
          expect(await reconcile('b24')).toMatchObject({ events: 1, errors: [] });
          expect(await events('b24', 'deal:904:%')).toEqual([['deal.won', employeeId, '1012', 'EUR', null]]);
        });

        it('polls on the schedule every source with API access that is due', async () => {
          const now = new Date().toISOString();
          bitrix.deals.set('903', bitrix24Deal({ ID: '903', MOVED_TIME: now, DATE_MODIFY: now }));
          const reconciler = createReconcileWorker({
            orm: app.orm,
            logger: pino({ level: 'silent' }),
            dispatcher: { kick: async () => {}, start: () => {}, stop: async () => {} },
            // every source is due at once
            options: { intervalMs: 1, overlapMs: 120_000, firstLookbackMs: 86_400_000, timeoutMs: 2000 },
          });
          await reconciler.kick();
          expect(await events('b24', 'deal:903:%')).toEqual([['deal.won', employeeId, '100000000', 'EUR', null]]);
        });
      });

      describe('Twenty (at-most-once webhooks): GET /rest/opportunities and /rest/tasks', () => {
        const SECRET = 'sample-twenty-webhook-secret';
        const MEMBER = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
        let twenty: FakeTwenty;
        beforeAll(async () => {
          twenty = await startFakeTwenty();
          await createSource({
            id: 'tw',
            name: 'Twenty',
            kind: 'twenty',
            secret: SECRET,
            settings: { apiBaseUrl: twenty.apiBaseUrl, apiKey: twenty.apiKey },
          });
          await mapOwner('tw', MEMBER);
        });
        afterAll(() => twenty?.stop());

        it('stores a missed win once, the same event a webhook would have stored', async () => {
          const id = '11111111-2222-4333-8444-555555555555';
          twenty.opportunities.set(id, twentyOpportunity({ id, updatedAt: new Date().toISOString() }));
          expect(await reconcile('tw')).toEqual({ deals: 1, events: 1, overdueTasks: 0, errors: [] });
          expect(await events('tw', `deal:${id}:%`)).toEqual([['deal.won', employeeId, '1909000', 'EUR', null]]);
          expect(await reconcile('tw')).toMatchObject({ events: 0 });
          expect(await events('tw', `deal:${id}:%`)).toHaveLength(1);
        });

        it('gives one event for a win delivered by the webhook and read again by the poll', async () => {
          const id = '11111111-2222-4333-8444-666666666666';
          const record = twentyOpportunity({ id, updatedAt: isoAgo(5000) });
          twenty.opportunities.set(id, record);
          const hook = JSON.parse(crmFixture('twenty/opportunity-won.json').toString('utf8')) as Record<
            string,
            unknown
          >;
          const body = JSON.stringify({ ...hook, record });
          const timestamp = String(Date.now());
          const response = await post('/hooks/tw', body, {
            'content-type': 'application/json',
            'x-twenty-webhook-timestamp': timestamp,
            'x-twenty-webhook-signature': createHmac('sha256', SECRET).update(`${timestamp}:${body}`).digest('hex'),
          });
          expect(response.status).toBe(200);
          await app.enrichment.kick();
          expect(await events('tw', `deal:${id}:%`)).toEqual([
            ['deal.won', employeeId, '1909000', 'EUR', expect.any(String)],
          ]);
          // renamed after the win, before any poll: the poll reads it with a later updatedAt and adds nothing
          twenty.opportunities.set(id, { ...record, name: 'Acme renewal 2026', updatedAt: new Date().toISOString() });
          const found = await reconcile('tw');
          expect(found).toMatchObject({ events: 0, errors: [] });
          expect(found.deals).toBeGreaterThanOrEqual(1);
          expect(await events('tw', `deal:${id}:%`)).toHaveLength(1);
        });

        it('turns a task not done past dueAt into one task.overdue of its assignee', async () => {
          const due = isoAgo(120_000);
          twenty.tasks.set('t1', twentyTask({ id: 't1', dueAt: due }));
          twenty.tasks.set('t2', twentyTask({ id: 't2', dueAt: due, status: 'DONE' }));
          expect(await reconcile('tw')).toMatchObject({ overdueTasks: 1 });
          expect(await events('tw', 'task:%')).toEqual([['task.overdue', employeeId, null, null, null]]);
          expect(await reconcile('tw')).toMatchObject({ overdueTasks: 0 });
        });
      });

      describe('HubSpot, amoCRM and Pipedrive: a missed win and an overdue task, each once', () => {
        let hubspot: FakeHubSpot;
        let amo: FakeAmoCrm;
        let pipedrive: FakePipedrive;
        beforeAll(async () => {
          [hubspot, amo, pipedrive] = await Promise.all([startFakeHubSpot(), startFakeAmoCrm(), startFakePipedrive()]);
          await createSource({
            id: 'hs-poll',
            name: 'HubSpot',
            kind: 'hubspot',
            secret: 'sample-client-secret-0000-abcdef',
            settings: { accessToken: hubspot.accessToken, apiBaseUrl: hubspot.apiBaseUrl },
          });
          await mapOwner('hs-poll', '10420865');
          await createSource({
            id: 'amo-poll',
            name: 'amoCRM',
            kind: 'amocrm',
            settings: {
              accountId: '30739638',
              apiBaseUrl: amo.apiBaseUrl,
              accessToken: amo.accessToken,
              currency: 'RUB',
            },
          });
          await mapOwner('amo-poll', '9040358');
          await createSource({
            id: 'pd',
            name: 'Pipedrive',
            kind: 'pipedrive',
            settings: { basicAuthUser: 'kpi-hook', apiToken: pipedrive.apiToken, apiBaseUrl: pipedrive.apiBaseUrl },
          });
          await mapOwner('pd', '867597');
        });
        afterAll(async () => {
          await Promise.all([hubspot?.stop(), amo?.stop(), pipedrive?.stop()]);
        });

        it('HubSpot: deals and tasks search', async () => {
          hubspot.objects.deals.set('8001', hubspotDeal({ hs_lastmodifieddate: new Date().toISOString() }));
          hubspot.objects.tasks.set('9001', {
            hs_task_subject: 'Call back',
            hs_task_status: 'NOT_STARTED',
            hs_timestamp: isoAgo(60_000),
            hubspot_owner_id: '10420865',
          });
          hubspot.objects.tasks.set('9002', {
            hs_task_status: 'COMPLETED',
            hs_timestamp: isoAgo(60_000),
            hubspot_owner_id: '10420865',
          });
          expect(await reconcile('hs-poll')).toEqual({ deals: 1, events: 1, overdueTasks: 1, errors: [] });
          expect(await events('hs-poll', '%')).toEqual([
            ['deal.won', employeeId, '1909000', 'EUR', null],
            ['task.overdue', employeeId, null, null, null],
          ]);
          expect(await reconcile('hs-poll')).toMatchObject({ events: 0, overdueTasks: 0 });
        });

        it('amoCRM: leads and tasks lists', async () => {
          const now = Math.floor(Date.now() / 1000);
          amo.leads.set('7001', amocrmLead({ id: 7001, updated_at: now, closed_at: now }));
          amo.tasks.set('7101', amocrmTask({ id: 7101, complete_till: now - 60 }));
          amo.tasks.set('7102', amocrmTask({ id: 7102, complete_till: now + 3600 }));
          expect(await reconcile('amo-poll')).toEqual({ deals: 1, events: 1, overdueTasks: 1, errors: [] });
          expect(await events('amo-poll', '%')).toEqual([
            ['deal.won', employeeId, '3434300', 'RUB', null],
            ['task.overdue', employeeId, null, null, null],
          ]);
          expect(await reconcile('amo-poll')).toMatchObject({ events: 0, overdueTasks: 0 });
        });

        it('Pipedrive: deals and activities (API v2, cursor paging)', async () => {
          const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
          const due = new Date(Date.now() - 120_000).toISOString();
          pipedrive.deals.set('31', pipedriveDeal({ id: 31, won_time: now, close_time: now, update_time: now }));
          pipedrive.activities.set(
            '501',
            pipedriveActivity({ due_date: due.slice(0, 10), due_time: due.slice(11, 16) }),
          );
          pipedrive.activities.set('502', pipedriveActivity({ id: 502, done: true, due_date: due.slice(0, 10) }));
          expect(await reconcile('pd')).toEqual({ deals: 1, events: 1, overdueTasks: 1, errors: [] });
          expect(await events('pd', '%')).toEqual([
            ['deal.won', employeeId, '175050', 'EUR', null],
            ['task.overdue', employeeId, null, null, null],
          ]);
          expect(await reconcile('pd')).toMatchObject({ events: 0, overdueTasks: 0 });
        });

        it('refuses to poll a source without API access, and shows no reconciliation for it', async () => {
          await createSource({
            id: 'pd-hooks-only',
            name: 'Pipedrive',
            kind: 'pipedrive',
            settings: { basicAuthUser: 'kpi-hook' },
          });
          const refused = await app.call('POST', '/api/sources/pd-hooks-only/reconcile', admin);
          expect(refused.status).toBe(409);
          expect(await refused.json()).toMatchObject({ error: { code: 'reconcile.not_configured' } });
          const source = await app.call('GET', '/api/sources/pd-hooks-only', admin);
          expect(await source.json()).toMatchObject({ reconciliation: null });
          expect((await app.call('POST', '/api/sources/nope/reconcile', admin)).status).toBe(404);
        });
      });
    });
  });
}
