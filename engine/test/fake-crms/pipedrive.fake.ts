// A Pipedrive company's API v2 with an API token (`x-api-token` header or `api_token` query):
// `GET /api/v2/deals/{id}`, `GET /api/v2/deals` (updated_since, sort_by=update_time, cursor paging) and
// `GET /api/v2/activities` (done, cursor paging). Answers `{ success: true, data, additional_data: { next_cursor } }`;
// errors `{ success: false, error, error_info, data: null, additional_data: null }`.
import { crmFixtureJson, type FakeRequest, type FakeServer, page, startFakeServer } from './harness.ts';

type Row = Record<string, unknown>;

export interface FakePipedrive extends FakeServer {
  /** the company domain's origin (stands for https://example.pipedrive.com) */
  apiBaseUrl: string;
  apiToken: string;
  deals: Map<string, Row>;
  activities: Map<string, Row>;
}

const TOKEN = 'pd-api-token-0123456789abcdef';
const MAX_LIMIT = 500;

/** The won deal of the fixtures (API v2 naming), with fields replaced. */
export function pipedriveDeal(overrides: Row = {}): Row {
  const { data } = crmFixtureJson<{ data: Row }>('pipedrive/v2/deal-won.json');
  return { ...data, ...overrides };
}

export function pipedriveActivity(overrides: Row = {}): Row {
  return {
    id: 501,
    subject: 'Follow up with Acme',
    type: 'task',
    owner_id: 867597,
    creator_user_id: 867597,
    deal_id: 21,
    done: false,
    due_date: '2025-01-09',
    due_time: '10:00',
    duration: null,
    add_time: '2025-01-08T16:28:04Z',
    update_time: '2025-01-08T16:28:04Z',
    marked_as_done_time: null,
    ...overrides,
  };
}

export async function startFakePipedrive(): Promise<FakePipedrive> {
  const deals = new Map<string, Row>();
  const activities = new Map<string, Row>();
  const error = (status: number, message: string) => ({
    status,
    body: {
      success: false,
      error: message,
      error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.',
      data: null,
      additional_data: null,
    },
  });
  const list = (request: FakeRequest, records: Map<string, Row>, keep: (row: Row) => boolean) => () => {
    const limit = Math.min(Number(request.query.get('limit') ?? 100), MAX_LIMIT);
    const cursor = request.query.get('cursor');
    const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) : 0;
    const sorted = [...records.values()]
      .filter(keep)
      .sort(
        (a, b) => Date.parse(String(a.update_time)) - Date.parse(String(b.update_time)) || Number(a.id) - Number(b.id),
      );
    const { items, next } = page(sorted, start, limit);
    return {
      status: 200,
      body: {
        success: true,
        data: items,
        additional_data: { next_cursor: next === null ? null : Buffer.from(String(next)).toString('base64url') },
      },
    };
  };

  const server = await startFakeServer((request: FakeRequest) => {
    const token = request.headers['x-api-token'] ?? request.query.get('api_token');
    if (token !== TOKEN) return error(401, 'unauthorized access');
    if (request.method !== 'GET') return error(405, 'Method not allowed');
    const one = /^\/api\/v2\/deals\/(\d+)$/.exec(request.path);
    if (one) {
      const id = one[1] as string;
      return {
        route: 'GET /api/v2/deals/{id}',
        id,
        answer: () => {
          const deal = deals.get(id);
          return deal ? { status: 200, body: { success: true, data: deal } } : error(404, 'Deal not found');
        },
      };
    }
    if (request.path === '/api/v2/deals') {
      const since = request.query.get('updated_since');
      const until = request.query.get('updated_until');
      return {
        route: 'GET /api/v2/deals',
        id: null,
        answer: list(
          request,
          deals,
          (deal) =>
            deal.status !== 'deleted' &&
            (since === null || Date.parse(String(deal.update_time)) >= Date.parse(since)) &&
            (until === null || Date.parse(String(deal.update_time)) <= Date.parse(until)),
        ),
      };
    }
    if (request.path === '/api/v2/activities') {
      const done = request.query.get('done');
      return {
        route: 'GET /api/v2/activities',
        id: null,
        answer: list(request, activities, (activity) => done === null || String(Boolean(activity.done)) === done),
      };
    }
    return error(404, 'Unknown method .');
  });
  return { ...server, apiBaseUrl: server.origin, apiToken: TOKEN, deals, activities };
}
