// HubSpot's CRM v3 objects API with a private-app token: `GET /crm/v3/objects/{deals|calls|contacts}/{id}`
// (`properties=` picks what is returned) and `POST /crm/v3/objects/{deals|tasks}/search` (filterGroups, sorts,
// `after` paging). Property values are strings; errors are `{ status: 'error', message, correlationId, category }`.
import { randomUUID } from 'node:crypto';
import { bearer, crmFixtureJson, type FakeRequest, type FakeServer, page, startFakeServer } from './harness.ts';

type Properties = Record<string, string | null>;

export interface FakeHubSpot extends FakeServer {
  apiBaseUrl: string;
  accessToken: string;
  /** object type (deals, tasks, calls, contacts) → id → properties */
  objects: Record<'deals' | 'tasks' | 'calls' | 'contacts', Map<string, Properties>>;
}

const TOKEN = 'pat-na1-fake-token';

/** The deal of the fixtures' read, with properties replaced. */
export function hubspotDeal(overrides: Properties = {}): Properties {
  const read = crmFixtureJson<{ id: string; properties: Properties }>('hubspot/rest/crm-v3-deal-get.response.json');
  return { hs_object_id: read.id, ...read.properties, ...overrides };
}

export async function startFakeHubSpot(): Promise<FakeHubSpot> {
  const objects: FakeHubSpot['objects'] = {
    deals: new Map(),
    tasks: new Map(),
    calls: new Map(),
    contacts: new Map(),
  };
  const error = (status: number, category: string, message: string) => ({
    status,
    body: { status: 'error', message, correlationId: randomUUID(), category },
  });
  const read = (id: string, properties: Properties, wanted: string[]) => ({
    id,
    properties: Object.fromEntries(
      [...new Set([...wanted, 'hs_object_id', 'hs_lastmodifieddate', 'createdate'])].map((name) => [
        name,
        name === 'hs_object_id' ? id : (properties[name] ?? null),
      ]),
    ),
    createdAt: properties.createdate ?? '2025-01-01T00:00:00.000Z',
    updatedAt: properties.hs_lastmodifieddate ?? '2025-01-01T00:00:00.000Z',
    archived: false,
  });

  const server = await startFakeServer((request: FakeRequest) => {
    if (bearer(request) !== TOKEN) {
      return error(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
      );
    }
    const get = /^\/crm\/v3\/objects\/(deals|calls|contacts|tasks)\/(\d+)$/.exec(request.path);
    if (get && request.method === 'GET') {
      const [, type, id] = get as unknown as [string, keyof FakeHubSpot['objects'], string];
      return {
        route: `GET /crm/v3/objects/${type}/{id}`,
        id,
        answer: () => {
          const properties = objects[type].get(id);
          if (!properties) return error(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.');
          return { status: 200, body: read(id, properties, (request.query.get('properties') ?? '').split(',')) };
        },
      };
    }
    const search = /^\/crm\/v3\/objects\/(deals|tasks)\/search$/.exec(request.path);
    if (search && request.method === 'POST') {
      const type = search[1] as 'deals' | 'tasks';
      return {
        route: `POST /crm/v3/objects/${type}/search`,
        id: null,
        answer: () => {
          const body = request.body as SearchBody | null;
          if (!body || typeof body !== 'object') return error(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1');
          const groups = body.filterGroups ?? [];
          const sort = body.sorts?.[0];
          const found = [...objects[type].entries()]
            .filter(([, p]) => groups.length === 0 || groups.some((g) => g.filters.every((f) => test(p, f))))
            .sort(([, a], [, b]) =>
              sort
                ? (value(a[sort.propertyName]) - value(b[sort.propertyName])) *
                  (sort.direction === 'DESCENDING' ? -1 : 1)
                : 0,
            );
          const { items, next } = page(found, Number(body.after ?? 0), Math.min(body.limit ?? 10, 200));
          return {
            status: 200,
            body: {
              total: found.length,
              results: items.map(([id, p]) => read(id, p, body.properties ?? [])),
              ...(next === null ? {} : { paging: { next: { after: String(next), link: '' } } }),
            },
          };
        },
      };
    }
    return error(404, 'OBJECT_NOT_FOUND', `Unable to route ${request.method} request for ${request.path}`);
  });
  return { ...server, apiBaseUrl: server.origin, accessToken: TOKEN, objects };
}

interface Filter {
  propertyName: string;
  operator: 'EQ' | 'NEQ' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY';
  value?: string;
}
interface SearchBody {
  filterGroups?: { filters: Filter[] }[];
  sorts?: { propertyName: string; direction?: 'ASCENDING' | 'DESCENDING' }[];
  properties?: string[];
  limit?: number;
  after?: string;
}

/** Numbers, millisecond timestamps and ISO datetimes compare as numbers. */
function value(text: string | null | undefined): number {
  if (text === null || text === undefined || text === '') return Number.NaN;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text);
}

function test(properties: Properties, filter: Filter): boolean {
  const actual = properties[filter.propertyName];
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return actual != null && actual !== '';
    case 'NOT_HAS_PROPERTY':
      return actual == null || actual === '';
    case 'EQ':
      return actual === filter.value;
    case 'NEQ':
      return actual !== filter.value;
    default: {
      const a = value(actual);
      const b = value(filter.value);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return filter.operator === 'GT'
        ? a > b
        : filter.operator === 'GTE'
          ? a >= b
          : filter.operator === 'LT'
            ? a < b
            : a <= b;
    }
  }
}
