// The tiny HTTP server every fake CRM is built on: 127.0.0.1, a free port, JSON in and out. A fake turns each
// request into a route key (e.g. `crm.deal.get`) and an answer from its in-memory records; a test can script
// answers for a route ahead of the records (a 503, a 429, a slow answer), and sees every call made.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('../../../../shared/fixtures/crm/', import.meta.url);

export function crmFixture(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES));
}

export function crmFixtureJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(crmFixture(path).toString('utf8')) as T;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** the JSON body, or the raw text when it is not JSON, or null */
  body: unknown;
}

export interface Answer {
  /** absent: the fake's own answer from its records (after `delayMs`) */
  status?: number;
  body?: unknown;
  /** answers this much later, like a slow CRM */
  delayMs?: number;
}

/** What a fake answers with, and the call it records (route and object id). */
export interface Routed {
  route: string;
  id: string | null;
  /** computes the answer from the records; not called when a scripted answer with a status stands in */
  answer: () => Answer & { status: number };
}

export interface FakeCall {
  route: string;
  id: string | null;
}

export interface FakeServer {
  /** the origin, e.g. http://127.0.0.1:43123 */
  origin: string;
  calls: FakeCall[];
  /** queues answers for the next calls of `route` (optionally of one object id), used once each in order */
  script(route: string, id: string | null, ...answers: Answer[]): void;
  stop(): Promise<void>;
}

export async function startFakeServer(
  route: (request: FakeRequest) => Routed | (Answer & { status: number }),
): Promise<FakeServer> {
  const scripts = new Map<string, Answer[]>();
  const calls: FakeCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text === '' ? null : text;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        // not JSON: the fake sees the text and answers as the CRM would
      }
      const routed = route({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      });
      let answer: Answer & { status: number };
      if ('route' in routed) {
        calls.push({ route: routed.route, id: routed.id });
        const queue = scripts.get(`${routed.route}|${routed.id ?? ''}`) ?? scripts.get(`${routed.route}|`);
        const scripted = queue?.shift();
        answer =
          scripted?.status === undefined
            ? { ...routed.answer(), ...(scripted?.delayMs ? { delayMs: scripted.delayMs } : {}) }
            : { ...scripted, status: scripted.status };
      } else {
        answer = routed;
      }
      setTimeout(() => {
        if (answer.body === undefined || answer.status === 204) {
          res.writeHead(answer.status);
          res.end();
          return;
        }
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    script(routeKey, id, ...answers) {
      const key = `${routeKey}|${id ?? ''}`;
      scripts.set(key, [...(scripts.get(key) ?? []), ...answers]);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The value of a bearer `Authorization` header, or null. */
export function bearer(request: FakeRequest): string | null {
  const value = request.headers.authorization;
  const match = typeof value === 'string' ? /^Bearer (.+)$/i.exec(value) : null;
  return match?.[1] ?? null;
}

/** Records ordered by a time field, from `after` (exclusive index) on, `limit` at most. */
export function page<T>(items: T[], start: number, limit: number): { items: T[]; next: number | null } {
  const slice = items.slice(start, start + limit);
  return { items: slice, next: start + limit < items.length ? start + limit : null };
}
