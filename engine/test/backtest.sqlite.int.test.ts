// A backtest on the whole stack (Temporal dev server, engine, worker, SQLite): a draft of the demo scheme
// evaluated over the two past months of the demo history, beside lines the active version paid for one of them.
import { MockActivityEnvironment } from '@temporalio/testing';
import { kpiCoefficients } from '@yardstick/rules';
import { backtestProgressQuery, backtestWorkflowId } from '@yardstick/workflows/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBacktestActivities } from '../../workflows/src/activities/backtest.activities.ts';
import { recordHistory } from '../../workflows/test/history.ts';
import { Backtest, BacktestResult } from '../src/db/entities/backtest.entity.ts';
import { Employee } from '../src/db/entities/employee.entity.ts';
import { SchemeVersion } from '../src/db/entities/scheme-version.entity.ts';
import { DEMO_SCHEME_DEFINITION } from '../src/db/seed/demo-data.ts';
import { lastMonths } from '../src/db/seed/seed.ts';
import { fromMinor, toMinor } from '../src/lib/money.ts';
import { type BacktestPlan, newBacktest } from '../src/modules/backtests/backtest-runner.ts';
import { proposeBonus } from '../src/modules/ledger/bonus-ledger.service.ts';
import { eventually, startTestStack, type TestStack } from './stack.ts';
import { login } from './thin-slice.ts';

type Body = Record<string, unknown>;
interface Result {
  period: string;
  employee: { id: string; name: string };
  draft: string | null;
  paid: string;
  pending: string;
  difference: string | null;
  outputs: { achievements: { metric: string }[]; payout: string | null };
}

describe('backtest on SQLite + Temporal dev server', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ database: 'sqlite' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('evaluates a draft over two past months beside what was paid, once per employee and period', async () => {
    const { url, engine } = stack;
    const session = await login(url);
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { ...session, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as Body };
    };
    // the demo history covers the current month and the two before it: those two have ended
    const [older, newer] = lastMonths(new Date(), 3) as [string, string, string];

    const em = engine.orm.em.fork();
    const active = await em.findOneOrFail(SchemeVersion, { status: 'active' });
    const schemeId = active.scheme;
    const people = new Map((await em.find(Employee, {})).map((e) => [e.name, e.id]));
    const alexey = people.get('Алексей Смирнов') as string;
    const maria = people.get('Мария Кузнецова') as string;
    const nikolay = people.get('Николай Лебедев') as string;

    // a draft that weighs deals won more and calls less
    const definition = structuredClone(DEMO_SCHEME_DEFINITION);
    definition.kpis = definition.kpis.map((line) =>
      line.metric === 'deals_won'
        ? { ...line, weight: 0.3 }
        : line.metric === 'calls'
          ? { ...line, weight: 0.2 }
          : line,
    );
    definition.payout = kpiCoefficients({
      lines: definition.kpis.map(({ metric, weight, threshold, cap }) => ({ metric, weight, threshold, cap })),
      currency: 'RUB',
    });
    const draft = await api('POST', `/api/schemes/${schemeId}/versions`, {
      effectiveFrom: `${older}-01`,
      definition,
    });
    expect(draft.status).toBe(201);
    const v = draft.json.version as number;

    // what the active version paid for the older month: Алексей approved, Мария approved and adjusted upwards,
    // Николай still under review (pending, not paid)
    const line = (employeeId: string, amount: string) => ({
      schemeVersionId: active.id,
      employeeId,
      period: older,
      cause: 'period-close',
      amount,
      currency: 'RUB',
    });
    const reviews = {
      alexey: (await proposeBonus(em, line(alexey, '50000.00'))).reviewId,
      maria: (await proposeBonus(em, line(maria, '40000.00'))).reviewId,
      nikolay: (await proposeBonus(em, line(nikolay, '30000.00'))).reviewId,
    };
    expect((await api('POST', `/api/reviews/${reviews.alexey}/approve`, {})).status).toBe(200);
    expect(
      (await api('POST', `/api/reviews/${reviews.maria}/adjust`, { amount: '45000.00', reason: 'Key account' })).status,
    ).toBe(200);

    const started = await api('POST', `/api/schemes/${schemeId}/versions/${v}/backtest`, { periods: [newer, older] });
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    const id = started.json.id as string;
    expect(started.json.workflowId).toBe(backtestWorkflowId(id));

    const done = await eventually(async () => {
      const got = await api('GET', `/api/backtests/${id}`);
      return got.json.status === 'running' ? undefined : got.json;
    });
    expect(done.status).toBe('completed');
    expect(done.periods).toEqual([older, newer]);
    // all fifteen demo employees are covered and employed in both months
    expect(done.progress).toEqual({ done: 30, total: 30 });
    const handle = stack.temporal.workflow.getHandle(backtestWorkflowId(id));
    expect(await handle.query(backtestProgressQuery)).toEqual({ done: 30, total: 30, status: 'completed' });

    // every result, page by page
    const results: Result[] = [];
    let cursor: string | null = null;
    do {
      const page = await api(
        'GET',
        `/api/backtests/${id}/results?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      results.push(...(page.json.items as Result[]));
      cursor = page.json.nextCursor as string | null;
    } while (cursor);
    expect(results).toHaveLength(30);
    expect(new Set(results.map((r) => `${r.period}/${r.employee.id}`)).size).toBe(30);

    // the draft's payouts are what a simulation of the draft computes from the same history
    const expected = new Map<string, string | null>();
    let changed = 0;
    for (const period of [older, newer]) {
      const simulated = await api('POST', `/api/schemes/${schemeId}/versions/${v}/simulate`, { period, trace: false });
      expect(simulated.status).toBe(200);
      type Simulated = {
        employee: { id: string };
        result: { payout: string | null };
        active: { payout: string | null };
      };
      for (const item of simulated.json.items as Simulated[]) {
        expected.set(`${period}/${item.employee.id}`, item.result.payout);
        if (item.result.payout !== item.active.payout) changed += 1;
      }
    }
    // the draft pays some people differently from the active version
    expect(changed).toBeGreaterThan(0);
    const paid: Record<string, string> = { [alexey]: '50000.00', [maria]: '45000.00' };
    const minor = (amount: string | null) => BigInt(toMinor(amount ?? '0', 'RUB'));
    for (const r of results) {
      const draftPayout = expected.get(`${r.period}/${r.employee.id}`) ?? null;
      const paidAmount = (r.period === older && paid[r.employee.id]) || '0.00';
      expect(r.draft, `${r.employee.name} ${r.period}`).toBe(draftPayout);
      expect(r.paid, `${r.employee.name} ${r.period}`).toBe(paidAmount);
      expect(r.pending).toBe(r.period === older && r.employee.id === nikolay ? '30000.00' : '0.00');
      expect(r.difference).toBe(fromMinor(minor(draftPayout) - minor(paidAmount), 'RUB'));
      expect(r.outputs.achievements.map((a) => a.metric)).toEqual(['won_amount', 'deals_won', 'calls']);
    }
    const sum = (period: string, pick: (r: Result) => string | null) =>
      results.filter((r) => r.period === period).reduce((total, r) => total + minor(pick(r)), 0n);
    expect(done.totals).toEqual(
      [older, newer].map((period) => ({
        period,
        employees: 15,
        draft: fromMinor(
          sum(period, (r) => r.draft),
          'RUB',
        ),
        paid: period === older ? '95000.00' : '0.00',
        pending: period === older ? '30000.00' : '0.00',
        difference: fromMinor(sum(period, (r) => r.draft) - (period === older ? 9_500_000n : 0n), 'RUB'),
      })),
    );
    const listed = await api('GET', `/api/schemes/${schemeId}/backtests`);
    expect((listed.json.items as Body[]).map((b) => b.id)).toContain(id);
    const cancelFinished = await api('POST', `/api/backtests/${id}/cancel`);
    expect(cancelFinished.status).toBe(409);
    expect((cancelFinished.json.error as Body).code).toBe('backtest.not_running');

    await recordHistory(stack.temporal, backtestWorkflowId(id), 'backtest');
  });

  it('stores nothing twice when an evaluation activity is retried after it committed', async () => {
    const em = stack.engine.orm.em.fork();
    const version = await em.findOneOrFail(SchemeVersion, { status: 'active' });
    const [older] = lastMonths(new Date(), 3) as [string];
    // a backtest row as the API writes it; its activities are run here, one of them twice
    const backtest = newBacktest(em, { version, periods: [older], createdBy: 'test' });
    await em.flush();
    const activities = createBacktestActivities({ orm: stack.engine.orm });
    const environment = new MockActivityEnvironment();
    const heartbeats: unknown[] = [];
    environment.on('heartbeat', (details: unknown) => heartbeats.push(details));

    const plan: BacktestPlan = await environment.run(() => activities.planBacktest({ backtestId: backtest.id }));
    expect(plan.total).toBe(15);
    const batch = { backtestId: backtest.id, ...(plan.batches[0] as BacktestPlan['batches'][number]) };
    const first = await environment.run(() => activities.evaluateBacktestBatch(batch));
    const retried = await environment.run(() => activities.evaluateBacktestBatch(batch));
    expect(first).toEqual({ evaluated: 15, inserted: 15 });
    expect(retried).toEqual({ evaluated: 15, inserted: 0 });
    expect(heartbeats.length).toBeGreaterThan(0);

    const fresh = stack.engine.orm.em.fork();
    expect(await fresh.count(BacktestResult, { backtest: backtest.id })).toBe(15);
    expect((await fresh.findOneOrFail(Backtest, { id: backtest.id })).progressDone).toBe(15);
    expect(
      await environment.run(() => activities.finishBacktest({ backtestId: backtest.id, status: 'completed' })),
    ).toEqual({
      status: 'completed',
    });
    // a late retry of a finished backtest adds nothing either
    expect(await environment.run(() => activities.evaluateBacktestBatch(batch))).toEqual({ evaluated: 0, inserted: 0 });
    expect(await stack.engine.orm.em.fork().count(BacktestResult, { backtest: backtest.id })).toBe(15);
  });

  it('fails a backtest whose workflow never started (the engine stopped in between) when it is read', async () => {
    const em = stack.engine.orm.em.fork();
    const version = await em.findOneOrFail(SchemeVersion, { status: 'active' });
    const row = (createdAt: Date) => newBacktest(em, { version, periods: [], createdBy: 'test', createdAt });
    // written two minutes ago with no workflow, and one written just now (its start may be under way)
    const orphan = row(new Date(Date.now() - 120_000));
    const starting = row(new Date());
    await em.flush();
    const session = await login(stack.url);
    const read = async (id: string) =>
      (await (await fetch(`${stack.url}/api/backtests/${id}`, { headers: session })).json()) as Body;
    expect(await read(orphan.id)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('start the backtest again'),
    });
    expect(await read(starting.id)).toMatchObject({ status: 'running' });
  });
});
