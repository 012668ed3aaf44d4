// A Bitrix24 portal's inbound webhook on 127.0.0.1, speaking the documented REST shape:
// `POST /rest/<user>/<code>/crm.deal.get.json` with `{ id }` answers `{ result: {...}, time: {...} }`, and
// errors as `{ error, error_description }`. The only thing the CRM tests mock.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('../../../shared/fixtures/crm/', import.meta.url);

export function crmFixture(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES));
}

/** A `crm.deal.get` answer built from a fixture, with fields replaced. */
export function dealAnswer(path: string, overrides: Record<string, unknown> = {}): { status: number; body: unknown } {
  const body = JSON.parse(crmFixture(path).toString('utf8')) as { result: Record<string, unknown> };
  return { status: 200, body: { ...body, result: { ...body.result, ...overrides } } };
}

export interface Answer {
  status: number;
  body: unknown;
  /** answers this much later, like a slow portal */
  delayMs?: number;
}

export interface Bitrix24Mock {
  /** the inbound webhook URL to put in the source settings */
  webhookUrl: string;
  /** queues answers for `<method>` of object `id`; the last one repeats */
  answer(method: string, id: string, ...answers: Answer[]): void;
  calls: { method: string; id: string }[];
  stop(): Promise<void>;
}

export async function startBitrix24Mock(): Promise<Bitrix24Mock> {
  const queues = new Map<string, Answer[]>();
  const calls: { method: string; id: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = /^\/rest\/1\/testcode\/([a-z.]+)\.json$/.exec(req.url ?? '');
      let id = '';
      try {
        id = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: unknown }).id ?? '');
      } catch {
        // no JSON body: answered below as a bad request
      }
      const send = (answer: Answer) => {
        setTimeout(() => {
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer.body));
        }, answer.delayMs ?? 0);
      };
      if (req.method !== 'POST' || !match) {
        send({ status: 404, body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } });
        return;
      }
      const method = match[1] as string;
      calls.push({ method, id });
      const queue = queues.get(`${method}/${id}`);
      const next = queue && queue.length > 1 ? queue.shift() : queue?.[0];
      send(next ?? { status: 400, body: { error: 'NOT_FOUND', error_description: 'Not found' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    webhookUrl: `http://127.0.0.1:${port}/rest/1/testcode/`,
    answer(method, id, ...answers) {
      queues.set(`${method}/${id}`, answers);
    },
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The fixture's ONCRMDEALUPDATE form body for another deal id and send time. */
export function dealUpdateForm(id: string, ts: string): string {
  return crmFixture('bitrix24/deal-update.form.txt')
    .toString('utf8')
    .replace('data%5BFIELDS%5D%5BID%5D=759', `data%5BFIELDS%5D%5BID%5D=${id}`)
    .replace('ts=1736405807', `ts=${ts}`);
}
