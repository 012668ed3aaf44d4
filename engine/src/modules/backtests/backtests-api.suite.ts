// The backtest API and its activities' database work, on SQLite (backtests-api.test.ts) and PostgreSQL
// (backtests-api.postgres.int.test.ts). Temporal is unreachable in process, so starting answers 503 and leaves
// nothing behind; a run is driven here through the workflow's activities, as the worker would call them.
// The whole workflow on a real Temporal server is engine/test/backtest.sqlite.int.test.ts.
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBacktestActivities } from '../../../../workflows/src/activities/backtest.activities.ts';
import {
  type Database,
  type InProcessApp,
  type SessionHeaders,
  startInProcessApp,
} from '../../../test/in-process-app.ts';
import { Backtest, BacktestResult } from '../../db/entities/backtest.entity.ts';
import { newId } from '../../db/entities/base.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Scheme } from '../../db/entities/scheme.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { User } from '../../db/entities/user.entity.ts';
import { fromMinor, toMinor } from '../../lib/money.ts';
import { hashPassword } from '../../lib/secrets.ts';
import { proposeBonus } from '../ledger/bonus-ledger.service.ts';
import { type BacktestPlan, newBacktest } from './backtest-runner.ts';

type Body = Record<string, unknown>;
const NOW = new Date('2026-10-20T09:00:00Z');

export function describeBacktestsApi(label: string, database: Database): void {
  describe(`backtests API (${label})`, () => {
    let app: InProcessApp;
    const as = {} as Record<'admin' | 'hr' | 'manager' | 'viewer', SessionHeaders>;
    let schemeId: string;
    let versionId: string;

    const call = async (method: string, path: string, headers: SessionHeaders, body?: unknown) => {
      const response = await app.call(method, path, headers, body);
      return { status: response.status, json: (await response.json()) as Body };
    };
    const backtestRow = async (periods: string[]) => {
      const em = app.orm.em.fork();
      const version = await em.findOneOrFail(SchemeVersion, { id: versionId });
      const row = newBacktest(em, { version, periods, createdBy: 'test' });
      await em.flush();
      return row.id;
    };

    beforeAll(async () => {
      app = await startInProcessApp(database, { now: NOW });
      as.admin = await app.login('admin@yardstick.demo', 'demo-admin');
      const em = app.orm.em.fork();
      const irina = await em.findOneOrFail(Employee, { name: 'Ирина Соколова' });
      for (const role of ['hr', 'manager', 'viewer'] as const) {
        em.create(User, {
          id: newId(),
          email: `${role}@backtest.test`,
          name: role,
          passwordHash: await hashPassword('secret-pass-1'),
          role,
          employee: role === 'manager' ? irina.id : null,
        });
      }
      await em.flush();
      for (const role of ['hr', 'manager', 'viewer'] as const) {
        as[role] = await app.login(`${role}@backtest.test`, 'secret-pass-1');
      }
      schemeId = ((await em.find(Scheme, {})).find((s) => s.name.ru === 'Премия отдела продаж') as Scheme).id;
      versionId = (await em.findOneOrFail(SchemeVersion, { scheme: schemeId, version: 1 })).id;
    });
    afterAll(async () => {
      await app?.stop();
    });

    it('refuses periods that are malformed, of another kind, not yet ended, repeated or too many, with JSON paths', async () => {
      const path = `/api/schemes/${schemeId}/versions/1/backtest`;
      const bad = await call('POST', path, as.hr, { periods: ['2026-13', '2026-Q3', '2099-01', '2026-08', '2026-08'] });
      expect(bad.status).toBe(422);
      expect(((bad.json.error as Body).details as Body[]).map((d) => d.path)).toEqual([
        '/periods/0',
        '/periods/1',
        '/periods/2',
        '/periods/4',
      ]);
      const months = Array.from(
        { length: 25 },
        (_, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      );
      for (const periods of [[], months]) {
        const refused = await call('POST', path, as.hr, { periods });
        expect(refused.status).toBe(422);
        expect(((refused.json.error as Body).details as Body[])[0]?.path).toBe('/periods');
      }
      expect(
        (await call('POST', `/api/schemes/${schemeId}/versions/99/backtest`, as.hr, { periods: ['2026-08'] })).status,
      ).toBe(404);
      for (const role of ['manager', 'viewer'] as const) {
        expect((await call('POST', path, as[role], { periods: ['2026-08'] })).status).toBe(403);
      }
      expect(await app.orm.em.fork().count(Backtest, {})).toBe(0);
    });

    it('answers 503 while Temporal is unreachable and leaves no backtest behind', async () => {
      const response = await call('POST', `/api/schemes/${schemeId}/versions/1/backtest`, as.admin, {
        periods: ['2026-08', '2026-09'],
      });
      expect(response.status).toBe(503);
      expect((response.json.error as Body).code).toBe('temporal.unavailable');
      expect(await app.orm.em.fork().count(Backtest, {})).toBe(0);
    });

    it('reports a run driven by its activities: progress, totals draft vs paid, results by page, and once only', async () => {
      const em = app.orm.em.fork();
      const alexey = await em.findOneOrFail(Employee, { name: 'Алексей Смирнов' });
      // paid for September: an approved line, a rejected one that counts nowhere, and a proposed one (pending)
      const paid = await proposeBonus(em, {
        schemeVersionId: versionId,
        employeeId: alexey.id,
        period: '2026-09',
        cause: 'period-close',
        amount: '50000.00',
        currency: 'RUB',
      });
      expect((await call('POST', `/api/reviews/${paid.reviewId}/approve`, as.hr, {})).status).toBe(200);
      const rejected = await proposeBonus(em, {
        schemeVersionId: versionId,
        employeeId: alexey.id,
        period: '2026-09',
        kind: 'adjustment',
        cause: 'manual-1',
        amount: '7000.00',
        currency: 'RUB',
      });
      expect((await call('POST', `/api/reviews/${rejected.reviewId}/reject`, as.hr, { reason: 'No' })).status).toBe(
        200,
      );
      await proposeBonus(em, {
        schemeVersionId: versionId,
        employeeId: alexey.id,
        period: '2026-09',
        kind: 'adjustment',
        cause: 'manual-2',
        amount: '1000.00',
        currency: 'RUB',
      });

      const id = await backtestRow(['2026-08', '2026-09']);
      const activities = createBacktestActivities({ orm: app.orm });
      const environment = new MockActivityEnvironment();
      const plan: BacktestPlan = await environment.run(() => activities.planBacktest({ backtestId: id }));
      expect(plan.batches.map((b) => [b.period, b.size])).toEqual([
        ['2026-08', 15],
        ['2026-09', 15],
      ]);
      const running = await call('GET', `/api/backtests/${id}`, as.hr);
      expect(running.json).toMatchObject({ status: 'running', progress: { done: 0, total: 30 } });

      for (const batch of plan.batches) {
        await environment.run(() => activities.evaluateBacktestBatch({ backtestId: id, ...batch }));
      }
      // a retry of an activity that committed
      const again = await environment.run(() =>
        activities.evaluateBacktestBatch({ backtestId: id, ...(plan.batches[1] as BacktestPlan['batches'][number]) }),
      );
      expect(again).toEqual({ evaluated: 15, inserted: 0 });
      await environment.run(() => activities.finishBacktest({ backtestId: id, status: 'completed' }));

      const done = await call('GET', `/api/backtests/${id}`, as.hr);
      expect(done.json).toMatchObject({ status: 'completed', progress: { done: 30, total: 30 }, error: null });
      const september = (done.json.totals as Body[])[1] as Body;
      expect(september).toMatchObject({ period: '2026-09', employees: 15, paid: '50000.00', pending: '1000.00' });

      const page = await call('GET', `/api/backtests/${id}/results?period=2026-09&limit=100`, as.hr);
      const items = page.json.items as Body[];
      expect(items).toHaveLength(15);
      expect(page.json.nextCursor).toBeNull();
      const mine = items.find((r) => (r.employee as Body).id === alexey.id) as Body;
      expect(mine).toMatchObject({ paid: '50000.00', pending: '1000.00', currency: 'RUB' });
      const draftMinor = BigInt(toMinor((mine.draft as string | null) ?? '0', 'RUB'));
      expect(mine.difference).toBe(fromMinor(draftMinor - 5_000_000n, 'RUB'));
      expect(await app.orm.em.fork().count(BacktestResult, { backtest: id })).toBe(30);

      const listed = await call('GET', `/api/schemes/${schemeId}/backtests`, as.hr);
      expect((listed.json.items as Body[]).map((b) => b.id)).toEqual([id]);
      expect((await call('GET', `/api/schemes/nope/backtests`, as.hr)).status).toBe(404);
      expect((await call('GET', `/api/backtests/nope`, as.hr)).status).toBe(404);
      expect((await call('GET', `/api/backtests/${id}`, as.manager)).status).toBe(403);
      const cancel = await call('POST', `/api/backtests/${id}/cancel`, as.hr);
      expect(cancel.status).toBe(409);
    });

    it('stops adding results once cancelled; cancelling needs Temporal', async () => {
      const id = await backtestRow(['2026-08']);
      const refused = await call('POST', `/api/backtests/${id}/cancel`, as.admin);
      expect(refused.status).toBe(503);
      expect((await call('GET', `/api/backtests/${id}`, as.admin)).json.status).toBe('running');

      const activities = createBacktestActivities({ orm: app.orm });
      const environment = new MockActivityEnvironment();
      const plan: BacktestPlan = await environment.run(() => activities.planBacktest({ backtestId: id }));
      // what the workflow records when it is cancelled; a batch still in flight then adds nothing
      await environment.run(() => activities.finishBacktest({ backtestId: id, status: 'cancelled' }));
      const late = await environment.run(() =>
        activities.evaluateBacktestBatch({ backtestId: id, ...(plan.batches[0] as BacktestPlan['batches'][number]) }),
      );
      expect(late).toEqual({ evaluated: 0, inserted: 0 });
      const view = await call('GET', `/api/backtests/${id}`, as.admin);
      expect(view.json).toMatchObject({ status: 'cancelled', progress: { done: 0, total: 15 } });
      // a finished backtest keeps its outcome
      await environment.run(() => activities.finishBacktest({ backtestId: id, status: 'completed' }));
      expect((await call('GET', `/api/backtests/${id}`, as.admin)).json.status).toBe('cancelled');
    });
  });
}
