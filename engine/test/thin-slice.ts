// The walking skeleton's end-to-end slice, driven over HTTP: a CRM webhook in, an alert out.
import { employeeEventsWorkflowId } from '@yardstick/workflows/shared';
import { expect } from 'vitest';
import { recordHistory } from '../../workflows/test/history.ts';
import { eventually, type TestStack } from './stack.ts';

/** Signs in; returns the headers a cookie-authenticated call sends: the cookie and the CSRF token. */
export async function login(
  url: string,
  email = 'admin@yardstick.demo',
  password = 'demo-admin',
): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/ys_session=[^;]+;.*HttpOnly/i);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: cookie.split(';')[0] as string, 'x-csrf-token': csrfToken };
}

export async function createToken(url: string, session: Record<string, string>): Promise<string> {
  const response = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...session },
    body: JSON.stringify({ name: 'slice test' }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { token: string; role: string };
  expect(body.role).toBe('admin');
  return body.token;
}

export function postHook(url: string, body: unknown) {
  return fetch(`${url}/hooks/demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function runThinSlice(stack: TestStack): Promise<void> {
  const { url } = stack;

  // the migrations produced exactly the schema the entities describe, on this dialect too
  expect(await stack.engine.orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');

  const health = await eventually(async () => {
    const response = await fetch(`${url}/api/health`);
    return response.status === 200 ? ((await response.json()) as Record<string, string>) : undefined;
  });
  expect(health).toEqual({ status: 'ok', db: 'ok', temporal: 'ok' });

  const token = await createToken(url, await login(url));
  const auth = { authorization: `Bearer ${token}` };
  await publishWatches(url, auth);

  // 1. the event is stored
  const lost = {
    id: 'd-1',
    type: 'deal.lost',
    employee: 'crm-102',
    amount: 250000,
    currency: 'RUB',
    occurredAt: new Date().toISOString(),
  };
  const first = await postHook(url, lost);
  expect(first.status).toBe(200);
  const accepted = (await first.json()) as { status: string; events: { stored: string[] } };
  expect(accepted.status).toBe('accepted');
  expect(accepted.events.stored).toHaveLength(1);
  const eventId = accepted.events.stored[0] as string;

  // 2. the same delivery again stores nothing new and still answers 2xx
  const again = await postHook(url, lost);
  expect(again.status).toBe(200);
  expect(((await again.json()) as { status: string }).status).toBe('duplicate');
  // …and so does the same event inside a different delivery
  const wrapped = await postHook(url, [lost]);
  expect(wrapped.status).toBe(200);
  expect(((await wrapped.json()) as { events: { stored: string[]; duplicates: number } }).events).toEqual({
    stored: [],
    duplicates: 1,
    unmapped: 0,
  });
  const events = (await (await fetch(`${url}/api/events?type=deal.lost&limit=1000`, { headers: auth })).json()) as {
    items: { externalId: string; amount: string }[];
  };
  expect(events.items.filter((e) => e.externalId === 'd-1')).toEqual([
    expect.objectContaining({ externalId: 'd-1', amount: '250000.00' }),
  ]);

  // 3–4. the workflow evaluates the demo scheme's rule and the alert names its event
  const alert = await eventually(async () => {
    const response = await fetch(`${url}/api/alerts`, { headers: auth });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      items: {
        ruleId: string;
        employee: { id: string };
        period: string;
        cause: { eventId: string; externalId: string } | null;
      }[];
    };
    return body.items.find((a) => a.ruleId === 'big-deal-lost' && a.cause?.externalId === 'd-1');
  });
  expect(alert).toMatchObject({
    ruleId: 'big-deal-lost',
    severity: 'critical',
    status: 'open',
    employee: { name: 'Алексей Смирнов' },
    cause: { kind: 'event', eventId, externalId: 'd-1', type: 'deal.lost', amount: '250000.00', currency: 'RUB' },
  });
  expect((alert as unknown as { message: { en: string } }).message.en).toContain('d-1');

  // the employee and their manager are told in the studio (the alert's own notification workflow delivers it)
  for (const [email, password] of [
    ['employee@yardstick.demo', 'demo-employee'],
    ['manager@yardstick.demo', 'demo-manager'],
  ] as const) {
    const session = await login(url, email, password);
    const notice = await eventually(async () => {
      const response = await fetch(`${url}/api/notifications`, { headers: session });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { items: { topic: string; body: { en: string }; link: string | null }[] };
      return body.items.find((n) => n.topic === 'alert' && n.body.en.includes('d-1'));
    });
    expect(notice.link).toContain(`/alerts?employee=${alert.employee.id}`);
    // the pilot's alert on the same deal, stored in the same step, was told to nobody
    const all = (await (await fetch(`${url}/api/notifications?limit=100`, { headers: session })).json()) as {
      items: { subject: { en: string } }[];
    };
    expect(all.items.filter((n) => n.subject.en.includes('Pilot: deal lost'))).toEqual([]);
  }
  const pilotAlerts = (await (await fetch(`${url}/api/alerts?limit=500`, { headers: auth })).json()) as {
    items: { ruleId: string; cause: { externalId?: string } | null }[];
  };
  expect(pilotAlerts.items.filter((a) => a.ruleId === 'pilot-deal-lost' && a.cause?.externalId === 'd-1')).toHaveLength(
    1,
  );

  // the same burst re-evaluated the employee's progress: the period rule names that evaluation
  const atRisk = await evaluationAlertsOf(url, auth, 'Алексей Смирнов');
  expect(atRisk).toEqual([
    expect.objectContaining({
      ruleId: 'deals-lost',
      severity: 'warning',
      period: alert.period,
      cause: { kind: 'evaluation', evaluationId: expect.any(String), mode: 'progress', asOf: expect.any(String) },
    }),
  ]);
  const evaluationId = atRisk[0]?.cause?.evaluationId as string;
  const recorded = (await (
    await fetch(`${url}/api/evaluations?employee=${alert.employee.id}`, {
      headers: auth,
    })
  ).json()) as { items: { id: string; mode: string; outputs: { alerts: unknown[] } }[] };
  expect(recorded.items.find((e) => e.id === evaluationId)).toMatchObject({
    mode: 'progress',
    outputs: { alerts: [expect.objectContaining({ ruleId: 'deals-lost' })] },
  });

  // a small lost deal is below the rule's threshold: stored, but no alert
  const small = await postHook(url, { ...lost, id: 'd-2', amount: '99999.99' });
  expect(small.status).toBe(200);
  const big = await postHook(url, { ...lost, id: 'd-3', amount: 100000 });
  expect(big.status).toBe(200);
  const alerts = await eventually(async () => {
    const body = (await (await fetch(`${url}/api/alerts`, { headers: auth })).json()) as {
      items: { ruleId: string; cause: { externalId: string } | null }[];
    };
    const ids = body.items.filter((a) => a.ruleId === 'big-deal-lost').map((a) => a.cause?.externalId);
    return ids.includes('d-3') ? ids : undefined;
  });
  expect(alerts).not.toContain('d-2');
  expect(alerts.filter((id) => id === 'd-1')).toHaveLength(1);
  // every burst is evaluated again, but the period rule fires once per period
  const alexey = alert.employee.id;
  await eventually(async () => {
    const body = (await (await fetch(`${url}/api/evaluations?employee=${alexey}`, { headers: auth })).json()) as {
      items: { outputs: { alerts: { ruleId: string }[] } }[];
    };
    const firing = body.items.filter((e) => e.outputs.alerts.some((a) => a.ruleId === 'deals-lost'));
    return firing.length >= 2 ? firing : undefined;
  });
  expect(await evaluationAlertsOf(url, auth, 'Алексей Смирнов')).toHaveLength(1);

  await oneSignalPerBurst(stack, auth);

  // the session cookie works as well as the token
  const viaCookie = await fetch(`${url}/api/alerts`, { headers: (await login(url)) as Record<string, string> });
  expect(viaCookie.status).toBe(200);
  // and without either, the API refuses
  const anonymous = await fetch(`${url}/api/alerts`);
  expect(anonymous.status).toBe(401);
  expect(await anonymous.json()).toMatchObject({ error: { code: 'auth.unauthenticated' } });
}

/**
 * A scheme whose rule runs on evaluations: a metric of lost deals, and a warning once a period has one. Published
 * active for moscow-b2b before any event of the slice.
 */
/**
 * Two watch schemes over the API: "Plan watch", active, with a period rule on lost deals (a metric made for it);
 * "Pilot watch", a pilot whose event rule fires on the same lost deal, stored but announced to nobody.
 */
async function publishWatches(url: string, auth: Record<string, string>): Promise<void> {
  const headers = { ...auth, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown, status: number) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    expect(response.status).toBe(status);
    return (await response.json()) as { id: string };
  };
  await post(
    '/api/metrics',
    {
      key: 'deals_lost',
      name: { en: 'Lost deals', ru: 'Проигранные сделки' },
      aggregation: 'count',
      filter: { '==': [{ var: 'type' }, 'deal.lost'] },
      unit: 'count',
    },
    201,
  );
  const watches = [
    {
      name: { en: 'Plan watch', ru: 'Контроль плана' },
      status: 'active',
      rule: {
        id: 'deals-lost',
        name: { en: 'Plan at risk: deals lost', ru: 'План под угрозой: проигранные сделки' },
        on: ['evaluation'],
        severity: 'warning',
        when: { '>=': [{ var: 'kpi.deals_lost.actual' }, 1] },
        message: {
          en: '{{employee.name}} lost {{kpi.deals_lost.actual}} deals in {{period.key}}',
          ru: '{{employee.name}}: проиграно сделок за {{period.key}}: {{kpi.deals_lost.actual}}',
        },
      },
    },
    {
      name: { en: 'Pilot watch', ru: 'Пилотный контроль' },
      status: 'pilot',
      rule: {
        id: 'pilot-deal-lost',
        name: { en: 'Pilot: deal lost', ru: 'Пилот: сделка проиграна' },
        on: ['deal.lost'],
        severity: 'info',
        when: true,
        message: { en: 'pilot saw {{event.externalId}}', ru: 'пилот видел {{event.externalId}}' },
      },
    },
  ];
  for (const watch of watches) {
    const scheme = await post('/api/schemes', { name: watch.name }, 201);
    await post(
      `/api/schemes/${scheme.id}/versions`,
      {
        effectiveFrom: '2026-01-01',
        definition: {
          scope: { departments: ['moscow-b2b'], roles: [], employees: [] },
          periodKind: 'month',
          kpis: [],
          payout: null,
          alertRules: [watch.rule],
        },
      },
      201,
    );
    const published = await fetch(`${url}/api/schemes/${scheme.id}/versions/1/publish`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ status: watch.status }),
    });
    expect(published.status).toBe(200);
  }
}

/** The alerts of an employee caused by an evaluation, once at least one is there. */
async function evaluationAlertsOf(url: string, auth: Record<string, string>, name: string) {
  return eventually(async () => {
    const body = (await (await fetch(`${url}/api/alerts?limit=500`, { headers: auth })).json()) as {
      items: { employee: { name: string }; cause: { kind: string; evaluationId?: string } | null }[];
    };
    const found = body.items.filter((a) => a.employee.name === name && a.cause?.kind === 'evaluation');
    return found.length > 0 ? found : undefined;
  });
}

/**
 * Events hand over to Temporal once per clean→dirty transition of the employee, never once per event: a burst
 * of lost deals is one signal of the employee's workflow, which still alerts on every one of them; the next
 * delivery, after the workflow took the burst, is the next signal.
 */
async function oneSignalPerBurst(stack: TestStack, auth: Record<string, string>): Promise<void> {
  const { url } = stack;
  const found = (await (await fetch(`${url}/api/employees?externalId=demo:crm-103`, { headers: auth })).json()) as {
    items: { id: string }[];
  };
  const employeeId = found.items[0]?.id as string;
  const burst = Array.from({ length: 25 }, (_, i) => ({
    id: `burst-${i}`,
    type: 'deal.lost',
    employee: 'crm-103',
    amount: 150000 + i,
    currency: 'RUB',
    occurredAt: new Date().toISOString(),
  }));
  expect((await postHook(url, burst)).status).toBe(200);
  const alertedFor = async (prefix: string, count: number) =>
    eventually(async () => {
      const body = (await (await fetch(`${url}/api/alerts?limit=500`, { headers: auth })).json()) as {
        items: { ruleId: string; cause: { externalId?: string } | null }[];
      };
      // the demo rule's alerts (the pilot watch alerts on the same deals)
      const ids = body.items.flatMap((a) =>
        a.ruleId === 'big-deal-lost' && a.cause?.externalId?.startsWith(prefix) ? [a.cause.externalId] : [],
      );
      return ids.length >= count ? ids : undefined;
    });
  expect(new Set(await alertedFor('burst-', 25)).size).toBe(25);

  const signals = async () => {
    const history = await stack.temporal.workflow.getHandle(employeeEventsWorkflowId(employeeId)).fetchHistory();
    return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
  };
  expect(await signals()).toBe(1);

  expect((await postHook(url, { ...burst[0], id: 'after-burst' })).status).toBe(200);
  await alertedFor('after-burst', 1);
  expect(await signals()).toBe(2);
  // `employee-events.json` was recorded before the progress evaluation and stays, so that it keeps replaying
  await recordHistory(stack.temporal, employeeEventsWorkflowId(employeeId), 'employee-events-progress');
}
