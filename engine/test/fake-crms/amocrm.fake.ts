// An amoCRM (Kommo) account's API v4 with a long-lived token: `GET /api/v4/leads/{id}`, `GET /api/v4/leads`
// (filter[updated_at][from], order[updated_at], page/limit) and `GET /api/v4/tasks` (filter[is_completed]).
// Lists answer HAL `{ _page, _links: { self, next? }, _embedded: { leads|tasks } }`, and 204 with no body when
// nothing matches (a missing lead too); errors are problem JSON `{ title, type, status, detail }`.
import { bearer, type FakeRequest, type FakeServer, page, startFakeServer } from './harness.ts';

type Row = Record<string, unknown>;

export interface FakeAmoCrm extends FakeServer {
  /** the account's API base, e.g. http://127.0.0.1:4321 (stands for https://example.amocrm.ru) */
  apiBaseUrl: string;
  accessToken: string;
  /** leads by id, in API v4 shape (times in unix seconds) */
  leads: Map<string, Row>;
  tasks: Map<string, Row>;
}

const TOKEN = 'amo-long-lived-token';
const MAX_LIMIT = 250;

/** A lead as `GET /api/v4/leads/{id}` returns it (the ids of the fixtures' account). */
export function amocrmLead(overrides: Row = {}): Row {
  return {
    id: 1190401,
    name: 'Deal #1190401',
    price: 34343,
    responsible_user_id: 9040358,
    group_id: 0,
    status_id: 142,
    pipeline_id: 6254262,
    loss_reason_id: null,
    created_by: 9040358,
    updated_by: 9040360,
    created_at: 1736300000,
    updated_at: 1736405807,
    closed_at: 1736405807,
    closest_task_at: null,
    is_deleted: false,
    account_id: 30739638,
    ...overrides,
  };
}

export function amocrmTask(overrides: Row = {}): Row {
  return {
    id: 22309159,
    created_by: 9040358,
    updated_by: 9040358,
    created_at: 1736300000,
    updated_at: 1736300000,
    responsible_user_id: 9040358,
    group_id: 0,
    entity_id: 1190401,
    entity_type: 'leads',
    is_completed: false,
    task_type_id: 1,
    text: 'Call the client back',
    duration: 0,
    complete_till: 1736406000,
    result: [],
    account_id: 30739638,
    ...overrides,
  };
}

export async function startFakeAmoCrm(): Promise<FakeAmoCrm> {
  const leads = new Map<string, Row>();
  const tasks = new Map<string, Row>();
  const problem = (status: number, title: string, detail: string) => ({
    status,
    body: { title, type: `https://httpstatus.es/${status}`, status, detail },
  });

  const server = await startFakeServer((request: FakeRequest) => {
    if (request.method !== 'GET') return problem(405, 'Method Not Allowed', 'Method not allowed');
    if (bearer(request) !== TOKEN) return problem(401, 'Unauthorized', 'Invalid access token');
    const one = /^\/api\/v4\/leads\/(\d+)$/.exec(request.path);
    if (one) {
      const id = one[1] as string;
      return {
        route: 'GET /api/v4/leads/{id}',
        id,
        answer: () => {
          const lead = leads.get(id);
          return lead ? { status: 200, body: { ...lead, _links: { self: { href: request.path } } } } : { status: 204 };
        },
      };
    }
    const listOf = (name: 'leads' | 'tasks', records: Map<string, Row>, keep: (row: Row) => boolean) => ({
      route: `GET /api/v4/${name}`,
      id: null,
      answer: () => {
        const limit = Math.min(Number(request.query.get('limit') ?? 50), MAX_LIMIT);
        const number = Number(request.query.get('page') ?? 1);
        const sorted = [...records.values()].filter(keep).sort((a, b) => Number(a.updated_at) - Number(b.updated_at));
        const { items, next } = page(sorted, (number - 1) * limit, limit);
        if (items.length === 0) return { status: 204 };
        const link = (n: number) => {
          const query = new URLSearchParams(request.query);
          query.set('page', String(n));
          return { href: `${server.origin}${request.path}?${query}` };
        };
        return {
          status: 200,
          body: {
            _page: number,
            _links: { self: link(number), ...(next === null ? {} : { next: link(number + 1) }) },
            _embedded: { [name]: items },
          },
        };
      },
    });
    if (request.path === '/api/v4/leads') {
      const from = request.query.get('filter[updated_at][from]');
      const to = request.query.get('filter[updated_at][to]');
      return listOf(
        'leads',
        leads,
        (lead) =>
          (from === null || Number(lead.updated_at) >= Number(from)) &&
          (to === null || Number(lead.updated_at) <= Number(to)),
      );
    }
    if (request.path === '/api/v4/tasks') {
      const completed = request.query.get('filter[is_completed]');
      return listOf(
        'tasks',
        tasks,
        (task) => completed === null || Boolean(task.is_completed) === (completed === '1' || completed === 'true'),
      );
    }
    return problem(404, 'Not Found', 'Not found');
  });
  return { ...server, apiBaseUrl: server.origin, accessToken: TOKEN, leads, tasks };
}
