// The HTTP contract, in process (app.request, no port): auth, roles, validation, webhooks, OpenAPI.
// Temporal is deliberately unreachable here; the slice with a real server is in test/*.int.test.ts.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Delivery } from '../db/entities/delivery.entity.ts';
import { Event } from '../db/entities/event.entity.ts';
import { initORM, migrate, type Orm } from '../db/orm.ts';
import { seed } from '../db/seed/seed.ts';
import { loadEngineEnv } from '../env.ts';
import { createEventDispatcher } from '../modules/events/event-dispatcher.ts';
import { createEnrichmentWorker, enrichmentOptions } from '../modules/hooks/enrichment-worker.ts';
import { createReconcileWorker, reconcileOptions } from '../modules/hooks/reconcile-worker.ts';
import { createScheduleReconciler } from '../modules/schedules/schedule-reconciler.ts';
import { createTemporalGateway } from '../temporal/temporal-gateway.ts';
import { createApp } from './create-app.ts';

let orm: Orm;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const logger = pino({ level: 'silent' });
  const env = loadEngineEnv({ DATABASE_URL: 'sqlite::memory:', YARDSTICK_DEMO: 'true', STUDIO_DIR: '/nonexistent' });
  orm = await initORM(env.DATABASE_URL);
  await migrate(orm);
  await seed(orm.em.fork(), { demo: true, adminEmail: env.YARDSTICK_ADMIN_EMAIL, adminPassword: undefined });
  const temporal = createTemporalGateway({ address: '127.0.0.1:1', namespace: 'default', logger });
  const dispatcher = createEventDispatcher({ orm, temporal, logger });
  const enrichment = createEnrichmentWorker({ orm, logger, dispatcher, options: enrichmentOptions(env) });
  const schedules = createScheduleReconciler({ orm, temporal, logger });
  const reconciler = createReconcileWorker({ orm, logger, dispatcher, options: reconcileOptions(env) });
  app = createApp({ env, orm, logger, temporal, dispatcher, enrichment, reconciler, schedules });
});

afterAll(async () => {
  await orm.close();
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The headers of a signed-in studio: the session cookie and its CSRF token. */
async function adminSession(): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const response = await app.request(
    '/api/auth/login',
    json({ email: 'admin@yardstick.demo', password: 'demo-admin' }),
  );
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] as string, 'x-csrf-token': csrfToken };
}

async function tokenFor(cookieOrBearer: Record<string, string>, role?: string): Promise<string> {
  const response = await app.request(
    '/api/tokens',
    json({ name: `t-${role}`, ...(role ? { role } : {}) }, cookieOrBearer),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

describe('auth', () => {
  it('refuses a wrong password with a stable code and no cookie', async () => {
    const response = await app.request('/api/auth/login', json({ email: 'admin@yardstick.demo', password: 'nope' }));
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.json()).toEqual({
      error: { code: 'auth.invalid_credentials', message: 'E-mail or password is wrong' },
    });
  });

  it('answers a malformed login with 422 naming the field by JSON path', async () => {
    const response = await app.request('/api/auth/login', json({ email: 'not-an-email' }));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('validation.failed');
    expect(body.error.details.map((i) => i.path)).toEqual(expect.arrayContaining(['/email', '/password']));
  });

  it('logs out: the session cookie stops working', async () => {
    const { cookie } = await adminSession();
    expect((await app.request('/api/auth/me', { headers: { cookie } })).status).toBe(200);
    expect((await app.request('/api/auth/logout', { method: 'POST', headers: { cookie } })).status).toBe(204);
    expect((await app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('issues tokens no stronger than their creator, and enforces roles with 403', async () => {
    const hrToken = await tokenFor(await adminSession(), 'hr');
    const hr = { authorization: `Bearer ${hrToken}` };
    expect((await app.request('/api/alerts', { headers: hr })).status).toBe(200);

    const escalate = await app.request('/api/tokens', json({ name: 'sneaky', role: 'admin' }, hr));
    expect(escalate.status).toBe(403);
    expect(((await escalate.json()) as { error: { code: string } }).error.code).toBe('auth.role_too_high');

    const employeeToken = await tokenFor(hr, 'employee');
    const asEmployee = await app.request('/api/alerts', { headers: { authorization: `Bearer ${employeeToken}` } });
    expect(asEmployee.status).toBe(403);

    const bogus = await app.request('/api/alerts', { headers: { authorization: 'Bearer ys_not-a-token' } });
    expect(bogus.status).toBe(401);
  });
});

describe('webhooks', () => {
  it('answers 404 for an unknown source and stores nothing', async () => {
    const response = await app.request('/hooks/nope', json({}));
    expect(response.status).toBe(404);
  });

  it('rejects invalid JSON and invalid events with 422, logging the delivery and storing no event', async () => {
    const em = orm.em.fork();
    const eventsBefore = await em.count(Event, {});

    const broken = await app.request('/hooks/demo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id": "x",',
    });
    expect(broken.status).toBe(422);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('webhook.invalid_json');

    const invalid = await app.request(
      '/hooks/demo',
      json({ id: 'bad-1', type: 'deal.lost', employee: 'crm-102', amount: 'lots', occurredAt: 'yesterday' }),
    );
    expect(invalid.status).toBe(422);
    const body = (await invalid.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('webhook.invalid_body');
    expect(body.error.details.map((i) => i.path)).toEqual(expect.arrayContaining(['/amount', '/occurredAt']));

    const tooPrecise = await app.request(
      '/hooks/demo',
      json({
        id: 'bad-2',
        type: 'deal.won',
        employee: 'crm-102',
        amount: '10.005',
        occurredAt: new Date().toISOString(),
      }),
    );
    expect(tooPrecise.status).toBe(422);
    expect(((await tooPrecise.json()) as { error: { code: string } }).error.code).toBe('webhook.invalid_amount');

    // a form post (or no content type) is not JSON, whatever the bytes look like
    const event = { id: 'bad-3', type: 'deal.won', employee: 'crm-102', occurredAt: new Date().toISOString() };
    const form = await app.request('/hooks/demo', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify(event),
    });
    expect(form.status).toBe(415);
    expect(((await form.json()) as { error: { code: string } }).error.code).toBe('webhook.unsupported_content_type');
    const vendorJson = await app.request('/hooks/demo', {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.crm+json; charset=utf-8' },
      body: JSON.stringify({ ...event, id: 'ok-vendor-json' }),
    });
    expect(vendorJson.status).toBe(200);

    expect(await em.count(Event, {})).toBe(eventsBefore + 1);
    const rejected = await em.find(Delivery, { status: 'rejected' });
    expect(rejected.map((d) => d.error?.code)).toEqual(
      expect.arrayContaining([
        'webhook.invalid_json',
        'webhook.invalid_body',
        'webhook.invalid_amount',
        'webhook.unsupported_content_type',
      ]),
    );
  });

  it('refuses a body over 1 MiB with 413, whether its length is declared or it is streamed', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const big = JSON.stringify({ id: 'big', padding: 'x'.repeat(1024 * 1024) });
      const declared = await fetch(`http://127.0.0.1:${port}/hooks/demo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)) },
        body: big,
      });
      expect(declared.status).toBe(413);
      expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('webhook.too_large');
      const streamed = await fetch(`http://127.0.0.1:${port}/hooks/demo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Blob([big]).stream(),
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      // and the server keeps serving
      const small = await fetch(`http://127.0.0.1:${port}/hooks/demo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'after-big',
          type: 'deal.won',
          employee: 'crm-102',
          occurredAt: new Date().toISOString(),
        }),
      });
      expect(small.status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('keeps an event from an unknown CRM user as unmapped instead of dropping it', async () => {
    const response = await app.request(
      '/hooks/demo',
      json({ id: 'u-1', type: 'deal.won', employee: 'crm-999', amount: 5000, occurredAt: new Date().toISOString() }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { events: { unmapped: number } }).events.unmapped).toBe(1);
    const session = await adminSession();
    const { cookie } = session;
    const unmapped = await app.request('/api/events?unmapped=true', { headers: { cookie } });
    const items = ((await unmapped.json()) as { items: { externalId: string; externalEmployeeId: string }[] }).items;
    expect(items).toEqual([expect.objectContaining({ externalId: 'u-1', externalEmployeeId: 'crm-999' })]);
    const stored = await orm.em.fork().findOneOrFail(Event, { externalId: 'u-1' });
    expect(stored).toMatchObject({
      employee: null,
      externalEmployeeId: 'crm-999',
      amountMinor: '500000',
      currency: 'RUB',
    });
  });

  it('stores each event of a batch once even when the batch repeats it', async () => {
    const at = new Date().toISOString();
    const item = { id: 'b-1', type: 'call.completed', employee: 'crm-103', occurredAt: at };
    const response = await app.request('/hooks/demo', json([item, item, { ...item, id: 'b-2' }]));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { events: { stored: string[]; duplicates: number } };
    expect(body.events.stored).toHaveLength(2);
    expect(body.events.duplicates).toBe(1);
  });
});

describe('sources', () => {
  it('registers a signed generic source, then accepts only correctly signed deliveries and logs the refusals', async () => {
    const session = await adminSession();
    const { cookie } = session;
    const created = await app.request('/api/sources', json({ id: 'shop', name: 'Web shop', kind: 'generic' }, session));
    expect(created.status).toBe(201);
    // a cookie-authenticated write without the CSRF token is refused
    const forged = await app.request('/api/sources', json({ id: 'evil', name: 'Forged', kind: 'generic' }, { cookie }));
    expect(forged.status).toBe(403);
    const source = (await created.json()) as { id: string; url: string; secret: string; signed: boolean };
    expect(source).toMatchObject({ id: 'shop', signed: true });
    expect(source.url).toMatch(/\/hooks\/shop$/);
    expect(source.secret).toMatch(/^whsec_/);

    const again = await app.request('/api/sources', json({ id: 'shop', name: 'Again', kind: 'generic' }, session));
    expect(again.status).toBe(409);
    const unsupported = await app.request('/api/sources', json({ name: 'Bitrix', kind: 'bitrix24' }, session));
    expect(unsupported.status).toBe(422);

    const body = JSON.stringify({
      id: 's-1',
      type: 'deal.won',
      employee: 'crm-102',
      amount: 1000,
      occurredAt: new Date().toISOString(),
    });
    const { createHmac } = await import('node:crypto');
    const signature = `sha256=${createHmac('sha256', source.secret).update(body).digest('hex')}`;
    const unsigned = await app.request('/hooks/shop', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    const signed = await app.request('/hooks/shop', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yardstick-signature': signature },
      body,
    });
    expect(signed.status).toBe(200);

    const log = await app.request('/api/sources/shop/deliveries', { headers: { cookie } });
    expect(log.status).toBe(200);
    const items = (
      (await log.json()) as { items: { status: string; error: { code: string } | null; events: number }[] }
    ).items;
    expect(items.map((d) => [d.status, d.error?.code ?? null, d.events])).toEqual([
      ['accepted', null, 1],
      ['rejected', 'webhook.bad_signature', 0],
    ]);
  });

  it('is for admins only', async () => {
    const hrToken = await tokenFor(await adminSession(), 'hr');
    const response = await app.request('/api/sources', { headers: { authorization: `Bearer ${hrToken}` } });
    expect(response.status).toBe(403);
  });
});

describe('system', () => {
  it('reports 503 with details when Temporal is unreachable', async () => {
    const response = await app.request('/api/health');
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      status: string;
      db: string;
      temporal: string;
      details: { temporal: string };
    };
    expect(body).toMatchObject({ status: 'degraded', db: 'ok', temporal: 'down' });
    expect(body.details.temporal).toBeTruthy();
  }, 20_000);

  it('publishes an OpenAPI 3.1 document with the stable routes and their error responses', async () => {
    const response = await app.request('/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: object }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/health',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/tokens',
      '/api/alerts',
      '/api/events',
      '/hooks/{sourceId}',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(Object.keys(doc.paths['/api/alerts']?.get?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '401', '403']),
    );
    const docs = await app.request('/api/docs');
    expect(docs.status).toBe(200);
    // served locally: a self-hosted install may have no internet
    const page = await docs.text();
    expect(page).not.toMatch(/https?:\/\//);
    const bundle = page.match(/src="([^"]+swagger-ui-bundle\.js)"/)?.[1] as string;
    expect((await app.request(bundle)).status).toBe(200);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await app.request('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
