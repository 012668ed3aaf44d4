// Reconciliation polling per CRM: the list requests each adapter builds and how it reads a page of the CRM's
// documented answer into deal observations, task.overdue events and the next cursor. Pure: no I/O, no clock.
import { describe, expect, it } from 'vitest';
import { type CrmPoller, EnrichmentError, type PollWindow, type SourceConfig } from './adapter.ts';
import { amocrmAdapter } from './amocrm.adapter.ts';
import { bitrix24Adapter } from './bitrix24.adapter.ts';
import { hubspotAdapter } from './hubspot.adapter.ts';
import { pipedriveAdapter } from './pipedrive.adapter.ts';
import { fixtureJson } from './testing.ts';
import { twentyAdapter } from './twenty.adapter.ts';

const window: PollWindow = { from: new Date('2025-01-09T08:00:00.000Z'), to: new Date('2025-01-09T09:00:00.000Z') };
const ok = (body: unknown) => ({ status: 200, body });

function failsWith(poller: CrmPoller, source: SourceConfig, status: number, body: unknown) {
  try {
    poller.changedDealsPage(source, { status, body });
  } catch (error) {
    expect(error).toBeInstanceOf(EnrichmentError);
    return { code: (error as EnrichmentError).code, retryable: (error as EnrichmentError).retryable };
  }
  throw new Error('expected the page to be refused');
}

describe('Bitrix24: crm.deal.list and crm.activity.list through the inbound webhook', () => {
  const source: SourceConfig = {
    id: 'b24',
    kind: 'bitrix24',
    secret: 't',
    settings: { webhookUrl: 'https://portal.bitrix24.ru/rest/1/abc123' },
  };
  const poller = bitrix24Adapter.poller;
  const won = (fixtureJson('bitrix24/rest/crm.deal.get.won.response.json') as { result: Record<string, unknown> })
    .result;

  it('asks for deals modified in the window, oldest first, from the page start', () => {
    const request = poller.changedDealsRequest(source, window, '50');
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://portal.bitrix24.ru/rest/1/abc123/crm.deal.list.json',
    });
    expect(JSON.parse(request.body as string)).toMatchObject({
      filter: { '>DATE_MODIFY': '2025-01-09T08:00:00.000Z', '<=DATE_MODIFY': '2025-01-09T09:00:00.000Z' },
      order: { DATE_MODIFY: 'ASC', ID: 'ASC' },
      select: expect.arrayContaining(['STAGE_SEMANTIC_ID', 'MOVED_TIME', 'ASSIGNED_BY_ID', 'OPPORTUNITY']),
      start: 50,
    });
  });

  it('reads a page into the same observation as crm.deal.get, and `next` into the cursor', () => {
    const page = poller.changedDealsPage(source, ok({ result: [won], next: 50, total: 120 }));
    expect(page.next).toBe('50');
    expect(page.deals).toEqual([
      expect.objectContaining({
        id: '759',
        stage: 'WON',
        outcome: 'won',
        at: new Date('2024-09-09T09:02:13.000Z'),
        moved: true,
        owner: '1',
        amount: '1000000.00',
        currency: 'EUR',
      }),
    ]);
    expect(poller.changedDealsPage(source, ok({ result: [], total: 0 })).next).toBeNull();
  });

  it('retries QUERY_LIMIT_EXCEEDED and 5xx, not an expired webhook', () => {
    expect(
      failsWith(poller, source, 503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' }),
    ).toEqual({
      code: 'enrich.crm_error',
      retryable: true,
    });
    expect(
      failsWith(poller, source, 401, {
        error: 'INVALID_CREDENTIALS',
        error_description: 'Invalid request credentials',
      }),
    ).toEqual({
      code: 'enrich.crm_error',
      retryable: false,
    });
    expect(failsWith(poller, source, 200, { result: { ID: '1' } })).toEqual({
      code: 'enrich.bad_response',
      retryable: false,
    });
  });

  it('turns open activities due in the window into task.overdue of the responsible user', () => {
    const request = poller.overdueTasksRequest(source, window, null);
    expect(JSON.parse(request.body as string)).toMatchObject({
      filter: { COMPLETED: 'N', '>DEADLINE': window.from.toISOString(), '<=DEADLINE': window.to.toISOString() },
      start: 0,
    });
    const page = poller.overdueTasksPage(
      source,
      ok({
        result: [
          {
            ID: '5',
            TYPE_ID: '3',
            SUBJECT: 'Call back',
            COMPLETED: 'N',
            DEADLINE: '2025-01-09T10:30:00+02:00',
            RESPONSIBLE_ID: '7',
          },
          { ID: '6', COMPLETED: 'Y', DEADLINE: '2025-01-09T08:30:00Z', RESPONSIBLE_ID: '7' },
          { ID: '8', COMPLETED: 'N', DEADLINE: '2025-01-09T09:30:00Z', RESPONSIBLE_ID: '7' },
        ],
      }),
      window,
    );
    expect(page).toEqual({
      next: null,
      events: [
        {
          externalId: 'task:5:overdue:2025-01-09T08:30:00.000Z',
          type: 'task.overdue',
          occurredAt: new Date('2025-01-09T08:30:00.000Z'),
          externalEmployeeId: '7',
          amount: null,
          currency: null,
          attributes: expect.objectContaining({ taskId: '5', subject: 'Call back', dueAt: '2025-01-09T08:30:00.000Z' }),
        },
      ],
    });
  });
});

describe('amoCRM: GET /api/v4/leads and /api/v4/tasks', () => {
  const source: SourceConfig = {
    id: 'amo',
    kind: 'amocrm',
    secret: 's',
    settings: { accountId: '30739638', apiBaseUrl: 'https://example.amocrm.ru/', accessToken: 'tok', currency: 'RUB' },
  };
  const poller = amocrmAdapter.poller;

  it('polls only with apiBaseUrl and accessToken', () => {
    expect(poller.canPoll(source)).toBe(true);
    expect(poller.canPoll({ ...source, settings: { accountId: '30739638' } })).toBe(false);
  });

  it('asks for leads updated in the window (unix seconds), by page, with the bearer token', () => {
    const request = poller.changedDealsRequest(source, window, '3');
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe('https://example.amocrm.ru/api/v4/leads');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      'filter[updated_at][from]': '1736409600',
      'filter[updated_at][to]': '1736413200',
      'order[updated_at]': 'asc',
      page: '3',
    });
    expect(request.headers.authorization).toBe('Bearer tok');
  });

  it('dates a closed lead by closed_at and an open one by updated_at, without a move of its own', () => {
    const page = poller.changedDealsPage(
      source,
      ok({
        _page: 1,
        _links: { self: { href: '…' }, next: { href: '…&page=2' } },
        _embedded: {
          leads: [
            {
              id: 1,
              name: 'A',
              price: 500,
              responsible_user_id: 9,
              status_id: 142,
              pipeline_id: 6,
              updated_at: 1736412000,
              closed_at: 1736411000,
            },
            {
              id: 2,
              name: 'B',
              price: null,
              responsible_user_id: 9,
              status_id: 555,
              pipeline_id: 6,
              updated_at: 1736412000,
              closed_at: null,
            },
          ],
        },
      }),
    );
    expect(page.next).toBe('2');
    expect(
      page.deals.map((d) => [d.id, d.outcome, d.at.toISOString(), d.moved, d.owner, d.amount, d.currency]),
    ).toEqual([
      ['1', 'won', '2025-01-09T08:23:20.000Z', false, '9', '500', 'RUB'],
      ['2', 'open', '2025-01-09T08:40:00.000Z', false, '9', null, null],
    ]);
  });

  it('reads 204 (nothing matched) as an empty last page, and retries 429', () => {
    expect(poller.changedDealsPage(source, { status: 204, body: null })).toEqual({ deals: [], next: null });
    expect(failsWith(poller, source, 429, { title: 'Too Many Requests', status: 429 })).toEqual({
      code: 'enrich.http_error',
      retryable: true,
    });
  });

  it('filters open tasks by complete_till, since the API cannot', () => {
    const url = new URL(poller.overdueTasksRequest(source, window, null).url);
    expect(url.searchParams.get('filter[is_completed]')).toBe('0');
    const page = poller.overdueTasksPage(
      source,
      ok({
        _page: 1,
        _embedded: {
          tasks: [
            {
              id: 11,
              responsible_user_id: 9,
              complete_till: 1736411000,
              is_completed: false,
              text: 'Call',
              entity_type: 'leads',
              entity_id: 1,
            },
            { id: 12, responsible_user_id: 9, complete_till: 1736420000, is_completed: false },
            { id: 13, responsible_user_id: 9, complete_till: 1736411000, is_completed: true },
          ],
        },
      }),
      window,
    );
    expect(page.events.map((e) => [e.externalId, e.externalEmployeeId])).toEqual([
      ['task:11:overdue:2025-01-09T08:23:20.000Z', '9'],
    ]);
    expect(page.next).toBeNull();
  });
});

describe('HubSpot: POST /crm/v3/objects/{deals,tasks}/search', () => {
  const source: SourceConfig = { id: 'hs', kind: 'hubspot', secret: 's', settings: { accessToken: 'pat' } };
  const poller = hubspotAdapter.poller;

  it('searches deals by hs_lastmodifieddate in the window, ascending, after the cursor', () => {
    const request = poller.changedDealsRequest(source, window, '200');
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://api.hubapi.com/crm/v3/objects/deals/search',
      headers: { authorization: 'Bearer pat' },
    });
    expect(JSON.parse(request.body as string)).toEqual({
      filterGroups: [
        {
          filters: [
            { propertyName: 'hs_lastmodifieddate', operator: 'GT', value: '1736409600000' },
            { propertyName: 'hs_lastmodifieddate', operator: 'LTE', value: '1736413200000' },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      properties: expect.arrayContaining([
        'dealstage',
        'amount',
        'hubspot_owner_id',
        'hs_v2_date_entered_current_stage',
      ]),
      limit: 100,
      after: '200',
    });
    expect(JSON.parse(poller.changedDealsRequest(source, window, null).body as string)).not.toHaveProperty('after');
  });

  it('reads results into observations dated by the stage entry, and paging.next.after into the cursor', () => {
    const deal = fixtureJson('hubspot/rest/crm-v3-deal-get.response.json') as {
      id: string;
      properties: Record<string, string>;
    };
    const page = poller.changedDealsPage(
      source,
      ok({
        total: 2,
        results: [
          { ...deal, properties: { ...deal.properties, hs_v2_date_entered_current_stage: '2025-01-09T08:10:07.123Z' } },
          {
            id: '2',
            properties: {
              dealstage: 'appointmentscheduled',
              pipeline: 'default',
              hs_lastmodifieddate: '2025-01-09T08:20:00Z',
            },
          },
        ],
        paging: { next: { after: '100', link: '…' } },
      }),
    );
    expect(page.next).toBe('100');
    expect(
      page.deals.map((d) => [d.id, d.outcome, d.at.toISOString(), d.moved, d.owner, d.amount, d.currency]),
    ).toEqual([
      ['17283549612', 'won', '2025-01-09T08:10:07.123Z', false, '10420865', '19090', 'EUR'],
      ['2', 'open', '2025-01-09T08:20:00.000Z', false, null, null, null],
    ]);
    expect(failsWith(poller, source, 429, { status: 'error', category: 'RATE_LIMITS' }).retryable).toBe(true);
  });

  it('searches tasks not completed with hs_timestamp in the window', () => {
    const body = JSON.parse(poller.overdueTasksRequest(source, window, null).body as string);
    expect(body.filterGroups[0].filters).toEqual([
      { propertyName: 'hs_task_status', operator: 'NEQ', value: 'COMPLETED' },
      { propertyName: 'hs_timestamp', operator: 'GT', value: '1736409600000' },
      { propertyName: 'hs_timestamp', operator: 'LTE', value: '1736413200000' },
    ]);
    const page = poller.overdueTasksPage(
      source,
      ok({
        results: [
          {
            id: '31',
            properties: {
              hs_task_status: 'NOT_STARTED',
              hs_timestamp: '2025-01-09T08:45:00.000Z',
              hubspot_owner_id: '77',
              hs_task_subject: 'Send quote',
            },
          },
        ],
      }),
      window,
    );
    expect(page.events).toEqual([
      expect.objectContaining({
        externalId: 'task:31:overdue:2025-01-09T08:45:00.000Z',
        externalEmployeeId: '77',
        attributes: expect.objectContaining({ subject: 'Send quote' }),
      }),
    ]);
  });
});

describe('Pipedrive: GET /api/v2/deals and /api/v2/activities', () => {
  const source: SourceConfig = {
    id: 'pd',
    kind: 'pipedrive',
    secret: 'p',
    settings: { basicAuthUser: 'kpi-hook', apiToken: 'tok', apiBaseUrl: 'https://example.pipedrive.com' },
  };
  const poller = pipedriveAdapter.poller;
  const won = (fixtureJson('pipedrive/v2/deal-won.json') as { data: Record<string, unknown> }).data;

  it('polls only with an apiToken, sent as x-api-token', () => {
    expect(poller.canPoll({ ...source, settings: { basicAuthUser: 'kpi-hook' } })).toBe(false);
    const request = poller.changedDealsRequest(source, window, 'abc');
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe('https://example.pipedrive.com/api/v2/deals');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      updated_since: '2025-01-09T08:00:00Z',
      updated_until: '2025-01-09T09:00:00Z',
      sort_by: 'update_time',
      cursor: 'abc',
    });
    expect(request.headers['x-api-token']).toBe('tok');
    expect(request.url).not.toContain('tok');
  });

  it('dates deals like the webhooks do (won_time, stage_change_time), so both give the same event keys', () => {
    const page = poller.changedDealsPage(
      source,
      ok({
        success: true,
        data: [
          won,
          { ...won, id: 22, status: 'open', stage_change_time: '2025-01-09T08:30:00Z' },
          { ...won, id: 23, status: 'deleted' },
        ],
        additional_data: { next_cursor: 'eyJpZCI6MjN9' },
      }),
    );
    expect(page.next).toBe('eyJpZCI6MjN9');
    expect(page.deals.map((d) => [d.id, d.outcome, d.at.toISOString(), d.moved, d.owner, d.amount])).toEqual([
      ['21', 'won', '2025-01-09T08:10:07.000Z', false, '867597', '1750.5'],
      ['22', 'open', '2025-01-09T08:30:00.000Z', true, '867597', '1750.5'],
    ]);
    expect(failsWith(poller, source, 401, { success: false, error: 'unauthorized access' })).toEqual({
      code: 'enrich.http_error',
      retryable: false,
    });
  });

  it('turns activities not done, due in the window, into task.overdue (a day without time ends at midnight)', () => {
    const page = poller.overdueTasksPage(
      source,
      ok({
        success: true,
        data: [
          { id: 1, subject: 'Call', type: 'call', owner_id: 5, done: false, due_date: '2025-01-09', due_time: '08:15' },
          { id: 2, owner_id: 5, done: false, due_date: '2025-01-08', due_time: null },
          { id: 3, owner_id: 5, done: false, due_date: '2025-01-09', due_time: '10:00' },
        ],
        additional_data: { next_cursor: null },
      }),
      { from: window.from, to: new Date('2025-01-09T09:00:00Z') },
    );
    expect(page.events.map((e) => e.externalId)).toEqual(['task:1:overdue:2025-01-09T08:15:00.000Z']);
    const midnight = poller.overdueTasksPage(
      source,
      ok({ success: true, data: [{ id: 2, owner_id: 5, done: false, due_date: '2025-01-08', due_time: null }] }),
      { from: new Date('2025-01-08T23:00:00Z'), to: new Date('2025-01-09T01:00:00Z') },
    );
    expect(midnight.events.map((e) => e.externalId)).toEqual(['task:2:overdue:2025-01-09T00:00:00.000Z']);
  });
});

describe('Twenty: GET /rest/opportunities and /rest/tasks', () => {
  const source: SourceConfig = {
    id: 'tw',
    kind: 'twenty',
    secret: 's',
    settings: { apiBaseUrl: 'https://crm.example.com', apiKey: 'key', stages: { won: ['CUSTOMER'], lost: ['LOST'] } },
  };
  const poller = twentyAdapter.poller;
  const record = (fixtureJson('twenty/opportunity-won.json') as { record: Record<string, unknown> }).record;

  it('filters by updatedAt in the window and pages with starting_after', () => {
    const request = poller.changedDealsRequest(source, window, 'cursor-1');
    const url = new URL(request.url);
    expect(url.pathname).toBe('/rest/opportunities');
    expect(url.searchParams.get('filter')).toBe(
      'and(updatedAt[gt]:"2025-01-09T08:00:00.000Z",updatedAt[lte]:"2025-01-09T09:00:00.000Z")',
    );
    expect(url.searchParams.get('starting_after')).toBe('cursor-1');
    expect(request.headers.authorization).toBe('Bearer key');
    expect(poller.canPoll({ ...source, settings: {} })).toBe(false);
  });

  it('reads opportunities dated by updatedAt, with the stage meaning of the settings', () => {
    const page = poller.changedDealsPage(
      source,
      ok({
        data: {
          opportunities: [record, { ...record, id: 'x', stage: 'LOST' }, { ...record, id: 'y', stage: 'MEETING' }],
        },
        pageInfo: { hasNextPage: true, startCursor: 'a', endCursor: 'b' },
        totalCount: 9,
      }),
    );
    expect(page.next).toBe('b');
    expect(page.deals.map((d) => [d.id, d.outcome, d.at.toISOString(), d.owner, d.amount, d.currency])).toEqual([
      [
        '5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d1e',
        'won',
        '2025-01-09T08:10:07.000Z',
        'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
        '19090',
        'EUR',
      ],
      ['x', 'lost', '2025-01-09T08:10:07.000Z', 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f', '19090', 'EUR'],
      ['y', 'open', '2025-01-09T08:10:07.000Z', 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f', '19090', 'EUR'],
    ]);
    expect(
      poller.changedDealsPage(
        source,
        ok({ data: { opportunities: [] }, pageInfo: { hasNextPage: false, endCursor: null } }),
      ).next,
    ).toBeNull();
  });

  it('turns tasks not DONE past dueAt into task.overdue of the assignee', () => {
    expect(new URL(poller.overdueTasksRequest(source, window, null).url).searchParams.get('filter')).toBe(
      'and(status[neq]:"DONE",dueAt[gt]:"2025-01-09T08:00:00.000Z",dueAt[lte]:"2025-01-09T09:00:00.000Z")',
    );
    const page = poller.overdueTasksPage(
      source,
      ok({
        data: {
          tasks: [
            { id: 't1', title: 'Quote', status: 'TODO', dueAt: '2025-01-09T08:30:00.000Z', assigneeId: 'm1' },
            { id: 't2', status: 'DONE', dueAt: '2025-01-09T08:30:00.000Z', assigneeId: 'm1' },
          ],
        },
      }),
      window,
    );
    expect(page.events.map((e) => [e.externalId, e.externalEmployeeId])).toEqual([
      ['task:t1:overdue:2025-01-09T08:30:00.000Z', 'm1'],
    ]);
  });
});
