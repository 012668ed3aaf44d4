// Clawback through the running system: a deal won and paid (approved, exported) in one month, lost in the next
// within the scheme's window, comes back from the webhook as one clawback line on GET /api/bonuses; the paid line
// is untouched, and neither a redelivery nor a later reopening of the same deal makes a second line.
import { kpiCoefficients } from '@yardstick/rules';
import { employeeEventsWorkflowId } from '@yardstick/workflows/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHistory } from '../../workflows/test/history.ts';
import { addDays, localDateOf, periodContaining, startOfDay } from '../src/domain/period.ts';
import { proposeBonus } from '../src/modules/ledger/bonus-ledger.service.ts';
import { eventually, startTestStack, type TestStack } from './stack.ts';
import { createToken, login, postHook } from './thin-slice.ts';

type Body = Record<string, unknown>;
interface Line {
  id: string;
  kind: string;
  period: string;
  cause: string;
  amount: string;
  status: string;
  evaluationId: string | null;
}
interface Evaluation {
  id: string;
  period: string;
  mode: string;
  createdAt: string;
  inputs: Body;
  outputs: Body;
}

describe('clawback on SQLite + Temporal dev server', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ database: 'sqlite' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('takes back a paid deal lost within the window once, in the period of the loss', async () => {
    const { url } = stack;
    const token = await createToken(url, await login(url));
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: (text.startsWith('{') ? JSON.parse(text) : {}) as Body, text };
    };

    // the months in the organization's time zone: the deal is won last month and lost now
    const { timeZone } = (await call('GET', '/api/organization')).json as { timeZone: string };
    const current = periodContaining('month', localDateOf(new Date(), timeZone));
    const paid = periodContaining('month', addDays(current.start, -1));
    const wonAt = new Date(startOfDay(addDays(current.start, -2), timeZone).getTime() + 12 * 3_600_000);

    // a closer in moscow-b2b (the demo scheme covers sales roles only) with a plan for last month
    const departments = (await call('GET', '/api/departments')).json as { items: { id: string; key: string }[] };
    const moscow = departments.items.find((d) => d.key === 'moscow-b2b') as { id: string };
    const created = await call('POST', '/api/employees', {
      name: 'Closer',
      role: 'closer',
      departmentId: moscow.id,
      externalIds: { demo: 'crm-closer' },
      baseBonus: { amount: '60000.00', currency: 'RUB' },
    });
    expect(created.status).toBe(201);
    const employeeId = created.json.id as string;
    expect(
      (
        await call('POST', '/api/plans', {
          metric: 'won_amount',
          period: paid.key,
          scope: `employee:${employeeId}`,
          target: '2000000',
        })
      ).status,
    ).toBe(201);

    // the scheme: base bonus × the won amount's achievement; a deal reversed within 120 days is clawed back
    const line = { metric: 'won_amount', weight: 1, threshold: 0.5, cap: 1.5 };
    const scheme = await call('POST', '/api/schemes', { name: { en: 'Closers', ru: 'Закрывающие' } });
    const schemeId = scheme.json.id as string;
    const version = await call('POST', `/api/schemes/${schemeId}/versions`, {
      effectiveFrom: paid.start,
      definition: {
        scope: { departments: ['moscow-b2b'], roles: ['closer'], employees: [] },
        periodKind: 'month',
        kpis: [line],
        payout: kpiCoefficients({ lines: [line], currency: 'RUB' }),
        currency: 'RUB',
        alertRules: [],
        reviewPolicy: { required: true, reviewerRole: 'hr', deadlineDays: 5 },
        clawback: { windowDays: 120 },
        goldenCases: [
          {
            name: 'on plan',
            context: { employee: { base_bonus: '60000.00' }, kpi: { won_amount: { actual: 2000000, plan: 2000000 } } },
            expected: { payout: '60000.00', currency: 'RUB' },
          },
          {
            name: 'half the plan',
            context: { employee: { base_bonus: '60000.00' }, kpi: { won_amount: { actual: 1000000, plan: 2000000 } } },
            expected: { payout: '30000.00', currency: 'RUB' },
          },
        ],
      },
    });
    expect(version.status).toBe(201);
    const published = await call('POST', `/api/schemes/${schemeId}/versions/1/publish`, { status: 'active' });
    expect(published.status).toBe(200);
    const versionId = (published.json.version as { id: string }).id;

    // two deals won last month make the plan: the employee's workflow evaluates last month's progress
    const won = (deal: string) => ({
      id: `won-${deal}`,
      type: 'deal.won',
      employee: 'crm-closer',
      amount: '1000000.00',
      currency: 'RUB',
      occurredAt: wonAt.toISOString(),
      attributes: { dealId: deal },
    });
    expect((await postHook(url, [won('A-1'), won('A-2')])).status).toBe(200);
    const evaluations = async (period: string) =>
      (
        (await call('GET', `/api/evaluations?employee=${employeeId}&period=${period}`)).json.items as Evaluation[]
      ).filter((e) => (e as unknown as { schemeVersionId: string }).schemeVersionId === versionId);
    const progress = await eventually(async () =>
      (await evaluations(paid.key)).find((e) => e.mode === 'progress' && e.outputs.payout === '60000.00'),
    );

    // the period is closed and paid as a close would: proposed, approved by HR, exported to payroll
    const proposed = await proposeBonus(stack.engine.orm.em.fork(), {
      schemeVersionId: versionId,
      employeeId,
      period: paid.key,
      cause: 'period-close',
      amount: '60000.00',
      currency: 'RUB',
      evaluationId: progress.id,
    });
    expect((await call('POST', `/api/reviews/${proposed.reviewId}/approve`, {})).status).toBe(200);
    const exported = await call('GET', `/api/bonuses/export.csv?period=${paid.key}`);
    expect(exported.status).toBe(200);
    expect(exported.text).toContain('60000.00');

    // deal A-2 is lost now: the paid month is recomputed without it and half the bonus comes back
    const lost = {
      id: 'lost-A-2',
      type: 'deal.lost',
      employee: 'crm-closer',
      amount: '1000000.00',
      currency: 'RUB',
      occurredAt: new Date().toISOString(),
      attributes: { dealId: 'A-2' },
    };
    expect((await postHook(url, lost)).status).toBe(200);
    const lines = async () => (await call('GET', `/api/bonuses?employee=${employeeId}`)).json.items as Line[];
    const clawback = await eventually(async () => (await lines()).find((l) => l.kind === 'clawback'));
    expect(clawback).toMatchObject({
      kind: 'clawback',
      period: current.key,
      cause: `clawback:A-2:${paid.key}`,
      amount: '-30000.00',
      // the scheme's review policy holds it for HR like any line
      status: 'proposed',
    });
    const reviews = (await call('GET', '/api/reviews?status=pending')).json.items as {
      id: string;
      bonus: { id: string };
    }[];
    const review = reviews.find((r) => r.bonus.id === clawback.id);
    expect(review).toBeDefined();
    // reviewed like any line: by its own workflow, which reminds and escalates (once it has read the review, it
    // says when it will remind)
    const state = await eventually(async () => {
      const { workflow } = (await call('GET', `/api/reviews/${review?.id}`)).json as {
        workflow: { nextAction: string | null } | null;
      };
      return workflow?.nextAction ? workflow : undefined;
    });
    expect(state).toMatchObject({ status: 'pending', reviewerRole: 'hr', nextAction: 'remind' });
    // the recomputation is recorded and named by the line
    const recomputed = (await evaluations(paid.key)).filter((e) => e.mode === 'clawback');
    expect(recomputed).toHaveLength(1);
    expect(recomputed[0]).toMatchObject({
      id: clawback.evaluationId,
      inputs: { excludedDeals: [{ source: 'demo', deal: 'A-2' }] },
      outputs: { payout: '30000.00', paid: '60000.00' },
    });

    // a redelivery stores nothing; the deal reopened later is another reversal of the same deal and paid month
    expect(((await (await postHook(url, lost)).json()) as { status: string }).status).toBe('duplicate');
    expect((await postHook(url, { ...lost, id: 'reopened-A-2', type: 'deal.reopened' })).status).toBe(200);
    // the workflow has run the clawback step for both reversals
    await eventually(async () => ((await clawbackRuns(employeeId)) >= 2 ? true : undefined));
    const after = await lines();
    expect(after.filter((l) => l.kind === 'clawback')).toHaveLength(1);
    expect((await evaluations(paid.key)).filter((e) => e.mode === 'clawback')).toHaveLength(1);
    // the paid line is never edited
    expect(after.find((l) => l.kind === 'payout')).toMatchObject({
      period: paid.key,
      amount: '60000.00',
      status: 'exported',
    });
    await recordHistory(stack.temporal, employeeEventsWorkflowId(employeeId), 'employee-events-clawback');
  });

  /** How many times the employee's workflow completed its clawback step. */
  async function clawbackRuns(employeeId: string): Promise<number> {
    const history = await stack.temporal.workflow.getHandle(employeeEventsWorkflowId(employeeId)).fetchHistory();
    const events = history.events ?? [];
    const scheduled = new Set(
      events
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'applyClawbacks')
        .map((e) => String(e.eventId)),
    );
    return events.filter(
      (e) =>
        e.activityTaskCompletedEventAttributes &&
        scheduled.has(String(e.activityTaskCompletedEventAttributes.scheduledEventId)),
    ).length;
  }
});
