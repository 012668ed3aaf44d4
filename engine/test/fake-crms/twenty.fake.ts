// A Twenty workspace's REST API with an API key (Bearer): `GET /rest/opportunities` and `GET /rest/tasks` with
// `filter=` (`field[op]:value`, `and(…)`), `order_by=field[AscNullsFirst]`, `limit` and `starting_after` cursors,
// answering `{ data: { opportunities }, pageInfo: { hasNextPage, startCursor, endCursor }, totalCount }`;
// errors `{ statusCode, error, messages }`.
import { bearer, crmFixtureJson, type FakeRequest, type FakeServer, startFakeServer } from './harness.ts';

type Row = Record<string, unknown>;

export interface FakeTwenty extends FakeServer {
  apiBaseUrl: string;
  apiKey: string;
  opportunities: Map<string, Row>;
  tasks: Map<string, Row>;
}

const KEY = 'twenty-api-key.eyJhbGciOiJIUzI1NiJ9.fake';
const MAX_LIMIT = 200;

/** The won opportunity of the fixtures, with fields replaced. */
export function twentyOpportunity(overrides: Row = {}): Row {
  const { record } = crmFixtureJson<{ record: Row }>('twenty/opportunity-won.json');
  return { ...record, ...overrides };
}

export function twentyTask(overrides: Row = {}): Row {
  return {
    id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    title: 'Send the renewal quote',
    status: 'TODO',
    dueAt: '2025-01-09T10:00:00.000Z',
    assigneeId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
    createdAt: '2025-01-08T16:28:04.000Z',
    updatedAt: '2025-01-08T16:28:04.000Z',
    deletedAt: null,
    ...overrides,
  };
}

export async function startFakeTwenty(): Promise<FakeTwenty> {
  const opportunities = new Map<string, Row>();
  const tasks = new Map<string, Row>();
  const error = (statusCode: number, code: string, message: string) => ({
    status: statusCode,
    body: { statusCode, error: code, messages: [message] },
  });
  const list = (request: FakeRequest, plural: string, records: Map<string, Row>) => () => {
    let keep: (row: Row) => boolean;
    try {
      keep = parseFilter(request.query.get('filter'));
    } catch (e) {
      return error(400, 'BadRequestException', (e as Error).message);
    }
    const order = /^(\w+)\[(Asc|Desc)/.exec(request.query.get('order_by') ?? '');
    const field = order?.[1] ?? 'createdAt';
    const sign = order?.[2] === 'Desc' ? -1 : 1;
    const sorted = [...records.values()]
      .filter(keep)
      .sort(
        (a, b) =>
          sign * (Date.parse(String(a[field])) - Date.parse(String(b[field]))) ||
          String(a.id).localeCompare(String(b.id)),
      );
    const after = request.query.get('starting_after');
    const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) + 1 : 0;
    const limit = Math.min(Number(request.query.get('limit') ?? 60), MAX_LIMIT);
    const items = sorted.slice(start, start + limit);
    const cursor = (index: number) => Buffer.from(String(index)).toString('base64url');
    return {
      status: 200,
      body: {
        data: { [plural]: items },
        pageInfo: {
          hasNextPage: start + limit < sorted.length,
          startCursor: items.length ? cursor(start) : null,
          endCursor: items.length ? cursor(start + items.length - 1) : null,
        },
        totalCount: sorted.length,
      },
    };
  };

  const server = await startFakeServer((request: FakeRequest) => {
    if (bearer(request) !== KEY) return error(401, 'UNAUTHENTICATED', 'Token invalid.');
    if (request.method !== 'GET') return error(405, 'MethodNotAllowed', 'Method not allowed');
    const one = /^\/rest\/opportunities\/([\w-]+)$/.exec(request.path);
    if (one) {
      const id = one[1] as string;
      return {
        route: 'GET /rest/opportunities/{id}',
        id,
        answer: () => {
          const record = opportunities.get(id);
          return record
            ? { status: 200, body: { data: { opportunity: record } } }
            : error(404, 'NotFoundException', `Record with id ${id} not found`);
        },
      };
    }
    if (request.path === '/rest/opportunities') {
      return { route: 'GET /rest/opportunities', id: null, answer: list(request, 'opportunities', opportunities) };
    }
    if (request.path === '/rest/tasks')
      return { route: 'GET /rest/tasks', id: null, answer: list(request, 'tasks', tasks) };
    return error(404, 'NotFoundException', `Cannot GET ${request.path}`);
  });
  return { ...server, apiBaseUrl: server.origin, apiKey: KEY, opportunities, tasks };
}

/** Twenty's REST filter: `field[op]:value` or `and(f1,f2,…)`; values may be quoted; ops eq neq gt gte lt lte is. */
function parseFilter(text: string | null): (row: Row) => boolean {
  if (!text) return () => true;
  const and = /^and\((.*)\)$/.exec(text);
  if (and) {
    const parts = (and[1] as string).split(/,(?=\w+\[)/).map(parseFilter);
    return (row) => parts.every((part) => part(row));
  }
  const match = /^(\w+)\[(eq|neq|gt|gte|lt|lte|is)\]:(.*)$/.exec(text);
  if (!match) throw new Error(`Invalid filter: ${text}`);
  const [, field = '', op, raw = ''] = match;
  const wanted = raw.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  return (row) => {
    const actual = row[field];
    if (op === 'is') return wanted === 'NULL' ? actual == null : actual != null;
    if (op === 'eq') return String(actual) === wanted;
    if (op === 'neq') return String(actual) !== wanted;
    if (actual == null) return false;
    const a = Date.parse(String(actual));
    const b = Date.parse(wanted);
    const diff = Number.isNaN(a) || Number.isNaN(b) ? String(actual).localeCompare(wanted) : a - b;
    return op === 'gt' ? diff > 0 : op === 'gte' ? diff >= 0 : op === 'lt' ? diff < 0 : diff <= 0;
  };
}
