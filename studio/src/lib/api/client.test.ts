import { describe, expect, it } from 'vitest';
import { ApiError } from './client.ts';
import { getCurrentUser, login } from './session.ts';
import { createSource, listDeliveries, testSource } from './sources.ts';

interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

/** A fetch that answers from a table and records what it was asked. */
function fakeEngine(answer: (call: Call) => { status: number; body?: unknown }) {
  const calls: Call[] = [];
  const fetch = async (input: string | URL | Request): Promise<Response> => {
    const request = input as Request;
    const text = await request.text();
    const url = new URL(request.url);
    const call: Call = {
      url: url.pathname + url.search,
      method: request.method,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    calls.push(call);
    const { status, body } = answer(call);
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const user = { id: 'u1', email: 'admin@yardstick.demo', name: 'Admin', role: 'admin' };
const source = { id: 's1', name: 'Shop', kind: 'generic', signed: true, settings: {}, url: 'http://x/hooks/s1' };

describe('api client', () => {
  it('sends the session’s CSRF token with writes, not with reads, and forgets it with the session', async () => {
    const engine = fakeEngine((call) => {
      if (call.url === '/api/auth/login') return { status: 200, body: { user, csrfToken: 'csrf-1' } };
      if (call.url === '/api/auth/me') return { status: 401, body: { error: { code: 'auth.unauthenticated' } } };
      if (call.url === '/api/sources') return { status: 201, body: { ...source, secret: 'whsec_1' } };
      return { status: 200, body: { items: [] } };
    });
    await login({ email: user.email, password: 'x' }, { fetch: engine.fetch });
    await createSource({ name: 'Shop', kind: 'generic' }, { fetch: engine.fetch });
    await listDeliveries('s1', {}, { fetch: engine.fetch });
    expect(engine.calls[1]?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(engine.calls[2]?.headers.get('x-csrf-token')).toBeNull();

    expect(await getCurrentUser({ fetch: engine.fetch })).toBeNull();
    await createSource({ name: 'Shop', kind: 'generic' }, { fetch: engine.fetch });
    expect(engine.calls.at(-1)?.headers.get('x-csrf-token')).toBeNull();
  });

  it('pages the delivery log with the filter and cursor in the query, and leaves unset filters out', async () => {
    const engine = fakeEngine(() => ({ status: 200, body: { items: [], next: null } }));
    await listDeliveries(
      'web shop',
      { status: 'rejected', limit: 50, cursor: 'MjAyNi0xMi0wM3xk' },
      { fetch: engine.fetch },
    );
    await listDeliveries('s1', { status: undefined }, { fetch: engine.fetch });
    expect(engine.calls.map((call) => call.url)).toEqual([
      '/api/sources/web%20shop/deliveries?status=rejected&limit=50&cursor=MjAyNi0xMi0wM3xk',
      '/api/sources/s1/deliveries',
    ]);
  });

  it('turns a refused test sample into an ApiError that keeps its { path, message } details', async () => {
    const details = [{ path: '/occurredAt', message: 'Invalid ISO datetime' }];
    const engine = fakeEngine(() => ({
      status: 422,
      body: { error: { code: 'webhook.invalid_body', message: 'Invalid event', details } },
    }));
    const failure = await testSource('s1', { body: '{}' }, { fetch: engine.fetch }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 422, code: 'webhook.invalid_body', details });
    expect(engine.calls[0]).toMatchObject({ method: 'POST', body: { body: '{}' } });
  });

  it('turns an unreachable engine into an ApiError with the network code', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    await expect(listDeliveries('s1', {}, { fetch })).rejects.toMatchObject({
      status: 0,
      code: 'client.network_unreachable',
    });
  });
});
