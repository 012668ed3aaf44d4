// A Bitrix24 portal's inbound webhook: `POST /rest/<user>/<code>/<method>.json` with a JSON body, answering
// `{ result, time }` (lists add `next` and `total`, 50 a page) and errors as `{ error, error_description }`
// (401 INVALID_CREDENTIALS for a wrong code, 400 "Not found" for a missing object). Methods Yardstick calls:
// crm.deal.get, crm.activity.get, crm.deal.list, crm.activity.list.
import { crmFixture, crmFixtureJson, type FakeRequest, type FakeServer, page, startFakeServer } from './harness.ts';

type Row = Record<string, unknown>;

export interface FakeBitrix24 extends FakeServer {
  /** the inbound webhook URL to put in the source settings */
  webhookUrl: string;
  /** deals by ID, in crm.deal.get's field shape */
  deals: Map<string, Row>;
  /** CRM activities (calls, tasks…) by ID, in crm.activity.get's field shape */
  activities: Map<string, Row>;
}

const USER = '1';
const CODE = 'testcode';
const PAGE = 50;

/** The won deal of the fixtures, with fields replaced. */
export function bitrix24Deal(overrides: Row = {}): Row {
  const { result } = crmFixtureJson<{ result: Row }>('bitrix24/rest/crm.deal.get.won.response.json');
  return { ...result, ...overrides };
}

/** The fixture's ONCRMDEALUPDATE form body for another deal id and send time. */
export function bitrix24DealUpdateForm(id: string, ts: string): string {
  return crmFixture('bitrix24/deal-update.form.txt')
    .toString('utf8')
    .replace('data%5BFIELDS%5D%5BID%5D=759', `data%5BFIELDS%5D%5BID%5D=${id}`)
    .replace('ts=1736405807', `ts=${ts}`);
}

export async function startFakeBitrix24(): Promise<FakeBitrix24> {
  const deals = new Map<string, Row>();
  const activities = new Map<string, Row>();
  const time = () => ({ start: Date.now() / 1000, finish: Date.now() / 1000, duration: 0 });
  const error = (status: number, code: string, description: string) => ({
    status,
    body: { error: code, error_description: description },
  });

  const server = await startFakeServer((request: FakeRequest) => {
    const match = /^\/rest\/(\d+)\/([^/]+)\/([a-z.]+)\.json$/.exec(request.path);
    if (request.method !== 'POST' || !match) return error(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    if (match[1] !== USER || match[2] !== CODE) return error(401, 'INVALID_CREDENTIALS', 'Invalid request credentials');
    const method = match[3] as string;
    const params = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Row;
    const id = params.id === undefined ? null : String(params.id);
    const get = (records: Map<string, Row>) => () => {
      const record = id === null ? undefined : records.get(id);
      return record ? { status: 200, body: { result: record, time: time() } } : error(400, '', 'Not found');
    };
    const list = (records: Map<string, Row>, order: string) => () => {
      const filter = (params.filter ?? {}) as Row;
      const sorted = [...records.values()]
        .filter((record) => matches(record, filter))
        .sort((a, b) => Date.parse(String(a[order])) - Date.parse(String(b[order])));
      const { items, next } = page(sorted, Number(params.start ?? 0), PAGE);
      return {
        status: 200,
        body: { result: items, ...(next === null ? {} : { next }), total: sorted.length, time: time() },
      };
    };
    switch (method) {
      case 'crm.deal.get':
        return { route: method, id, answer: get(deals) };
      case 'crm.activity.get':
        return { route: method, id, answer: get(activities) };
      case 'crm.deal.list':
        return { route: method, id: null, answer: list(deals, 'DATE_MODIFY') };
      case 'crm.activity.list':
        return { route: method, id: null, answer: list(activities, 'DEADLINE') };
      default:
        return error(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    }
  });
  return { ...server, webhookUrl: `${server.origin}/rest/${USER}/${CODE}/`, deals, activities };
}

/** Bitrix24 list filters: `FIELD` equals, `>FIELD`, `>=FIELD`, `<FIELD`, `<=FIELD`, `!FIELD`; dates by instant. */
function matches(record: Row, filter: Row): boolean {
  return Object.entries(filter).every(([key, wanted]) => {
    const [, op = '=', field = key] = /^(>=|<=|>|<|!|=)?(.+)$/.exec(key) ?? [];
    const value = record[field];
    const a = Date.parse(String(value));
    const b = Date.parse(String(wanted));
    const compare = Number.isNaN(a) || Number.isNaN(b) ? String(value).localeCompare(String(wanted)) : a - b;
    switch (op) {
      case '>':
        return value != null && compare > 0;
      case '>=':
        return value != null && compare >= 0;
      case '<':
        return value != null && compare < 0;
      case '<=':
        return value != null && compare <= 0;
      case '!':
        return String(value) !== String(wanted);
      default:
        return String(value) === String(wanted);
    }
  });
}
