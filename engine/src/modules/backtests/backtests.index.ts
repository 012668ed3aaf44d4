// Backtest handlers: start one (a `backtest` row and its workflow, or neither), read its progress, totals and
// per-employee results, list a scheme's backtests and cancel a running one. HR and admins only: the results
// are everyone's payouts.
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { WorkflowNotFoundError } from '@temporalio/client';
import { type BacktestInput, type BacktestProgress, backtestWorkflowId, TASK_QUEUE } from '@yardstick/workflows/shared';
import { Backtest, BacktestResult } from '../../db/entities/backtest.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import { Scheme } from '../../db/entities/scheme.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { localDateOf, type Period, PeriodError, parsePeriod } from '../../domain/period.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { fromMinor } from '../../lib/money.ts';
import type { TemporalGateway } from '../../temporal/temporal-gateway.ts';
import { backtestTotals, newBacktest } from './backtest-runner.ts';
import * as routes from './backtests.routes.ts';

export function backtestsRouter(): AppRouter {
  const router = createRouter();
  router.post('/api/schemes/:id/versions/:v/backtest', requirePermission('backtests.run'));
  router.get('/api/schemes/:id/backtests', requirePermission('backtests.run'));
  router.on(['GET', 'POST'], ['/api/backtests/*'], requirePermission('backtests.run'));

  router.openapi(routes.startBacktest, async (c) => {
    const { id, v } = c.req.valid('param');
    const { periods } = c.req.valid('json');
    const em = c.get('em');
    const version = await em.findOne(SchemeVersion, { scheme: id, version: v });
    if (!version) throw notFound(`Version ${v} of scheme ${id}`);
    const organization = await em.findOneOrFail(Organization, { id: 1 });
    const parsed = pastPeriodsOf(
      periods,
      version.definition.periodKind,
      localDateOf(new Date(), organization.timeZone),
    );

    const backtest = newBacktest(em, {
      version,
      periods: parsed.map((p) => p.key),
      createdBy: principalOf(c).userId,
    });
    await em.flush();
    const workflowId = backtestWorkflowId(backtest.id);
    try {
      const client = await c.get('deps').temporal.client();
      await client.workflow.start<(input: BacktestInput) => Promise<BacktestProgress>>('backtestWorkflow', {
        workflowId,
        taskQueue: TASK_QUEUE,
        args: [{ backtestId: backtest.id }],
      });
    } catch (error) {
      // nothing runs, so nothing may look as if it did
      await em.nativeDelete(Backtest, { id: backtest.id });
      throw temporalUnavailable(error, 'no backtest was started');
    }
    return c.json({ id: backtest.id, workflowId }, 202);
  });

  router.openapi(routes.getBacktest, async (c) => {
    const em = c.get('em');
    const backtest = await findBacktest(em, c.req.valid('param').id);
    await settleOrphans(em, c.get('deps').temporal, [backtest]);
    return c.json((await backtestViews(em, [backtest]))[0] as BacktestView, 200);
  });

  router.openapi(routes.listBacktestResults, async (c) => {
    const em = c.get('em');
    const backtest = await findBacktest(em, c.req.valid('param').id);
    const { period, cursor, limit } = c.req.valid('query');
    const where: FilterQuery<BacktestResult> = { backtest: backtest.id };
    if (period) where.period = period;
    if (cursor) {
      const [afterPeriod, afterEmployee] = decodeCursor(cursor);
      where.$or = [{ period: { $gt: afterPeriod } }, { period: afterPeriod, employee: { $gt: afterEmployee } }];
    }
    const rows = await em.find(BacktestResult, where, {
      orderBy: { period: 'asc', employee: 'asc' },
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const names = new Map(
      (await em.find(Employee, { id: { $in: page.map((r) => r.employee) } }, { fields: ['id', 'name'] })).map((e) => [
        e.id,
        e.name,
      ]),
    );
    const last = page.at(-1);
    return c.json(
      {
        items: page.map((r) => ({
          period: r.period,
          employee: { id: r.employee, name: names.get(r.employee) ?? '' },
          draft: r.draftMinor == null ? null : fromMinor(r.draftMinor, r.currency),
          paid: fromMinor(r.paidMinor, r.currency),
          pending: fromMinor(r.pendingMinor, r.currency),
          difference: r.differenceMinor == null ? null : fromMinor(r.differenceMinor, r.currency),
          currency: r.currency,
          inputs: r.inputs,
          outputs: r.outputs,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor(last.period, last.employee) : null,
      },
      200,
    );
  });

  router.openapi(routes.listSchemeBacktests, async (c) => {
    const em = c.get('em');
    const { id } = c.req.valid('param');
    if (!(await em.findOne(Scheme, { id }, { fields: ['id'] }))) throw notFound(`Scheme ${id}`);
    const backtests = await em.find(Backtest, { scheme: id }, { orderBy: { createdAt: 'desc', id: 'asc' } });
    await settleOrphans(em, c.get('deps').temporal, backtests);
    return c.json({ items: await backtestViews(em, backtests) }, 200);
  });

  router.openapi(routes.cancelBacktest, async (c) => {
    const em = c.get('em');
    const backtest = await findBacktest(em, c.req.valid('param').id);
    if (backtest.status !== 'running') {
      throw new AppError(409, 'backtest.not_running', `The backtest is already ${backtest.status}`, {
        status: backtest.status,
      });
    }
    try {
      const client = await c.get('deps').temporal.client();
      await client.workflow.getHandle(backtestWorkflowId(backtest.id)).cancel();
    } catch (error) {
      throw temporalUnavailable(error, 'the backtest was not cancelled');
    }
    return c.json((await backtestViews(em, [backtest]))[0] as BacktestView, 202);
  });

  return router;
}

/** Validates the requested periods: each parses, is of the scheme's kind, has ended, and is asked once. */
function pastPeriodsOf(keys: readonly string[], kind: string, today: string): Period[] {
  const problems: { path: string; message: string }[] = [];
  const periods: Period[] = [];
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    const path = `/periods/${i}`;
    let period: Period;
    try {
      period = parsePeriod(key);
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      problems.push({ path, message: error.message });
      return;
    }
    if (period.kind !== kind) problems.push({ path, message: `must be a ${kind}, as the scheme is` });
    else if (period.end >= today) problems.push({ path, message: `must have ended; it ends on ${period.end}` });
    else if (seen.has(period.key)) problems.push({ path, message: 'is listed twice' });
    else {
      seen.add(period.key);
      periods.push(period);
    }
  });
  if (problems.length > 0) {
    const first = problems[0] as { path: string; message: string };
    throw new AppError(422, 'validation.failed', `Invalid periods: ${first.path} ${first.message}`, problems);
  }
  return periods.sort((a, b) => a.start.localeCompare(b.start));
}

function temporalUnavailable(error: unknown, consequence: string): AppError {
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError(503, 'temporal.unavailable', `Temporal is unreachable; ${consequence}: ${reason}`);
}

/** A backtest whose workflow has not started this long after its row was written never will. */
const ORPHAN_AFTER_MS = 60_000;

/**
 * A `running` backtest whose workflow Temporal does not know (the engine stopped between writing the row and
 * starting the workflow) is marked failed when it is read, instead of running forever. While Temporal is
 * unreachable nothing is concluded.
 */
async function settleOrphans(em: EntityManager, temporal: TemporalGateway, backtests: readonly Backtest[]) {
  const suspects = backtests.filter(
    (b) => b.status === 'running' && b.createdAt.getTime() < Date.now() - ORPHAN_AFTER_MS,
  );
  if (suspects.length === 0) return;
  let client: Awaited<ReturnType<TemporalGateway['client']>>;
  try {
    client = await temporal.client();
  } catch {
    return;
  }
  for (const backtest of suspects) {
    try {
      await client.workflow.getHandle(backtestWorkflowId(backtest.id)).describe();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) continue;
      backtest.status = 'failed';
      backtest.error = 'The engine stopped before the backtest’s workflow started; start the backtest again';
      backtest.finishedAt = new Date();
    }
  }
  await em.flush();
}

async function findBacktest(em: EntityManager, id: string): Promise<Backtest> {
  const backtest = await em.findOne(Backtest, { id });
  if (!backtest) throw notFound(`Backtest ${id}`);
  return backtest;
}

const encodeCursor = (period: string, employeeId: string) =>
  Buffer.from(JSON.stringify([period, employeeId])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((x) => typeof x === 'string')) {
      return value as [string, string];
    }
  } catch {}
  throw new AppError(422, 'validation.failed', 'Invalid cursor', [{ path: '/cursor', message: 'not a cursor' }]);
}

type BacktestView = Awaited<ReturnType<typeof backtestViews>>[number];

async function backtestViews(em: EntityManager, backtests: readonly Backtest[]) {
  const versions = new Map(
    (await em.find(SchemeVersion, { id: { $in: [...new Set(backtests.map((b) => b.schemeVersion))] } })).map((v) => [
      v.id,
      v,
    ]),
  );
  return Promise.all(
    backtests.map(async (b) => {
      const version = versions.get(b.schemeVersion);
      // a running backtest's totals grow with its results; a finished one keeps those it ended with
      const totals = b.status === 'running' || !b.totals ? await backtestTotals(em, b) : b.totals;
      return {
        id: b.id,
        workflowId: backtestWorkflowId(b.id),
        schemeId: b.scheme,
        schemeVersion: { id: b.schemeVersion, version: version?.version ?? 0, status: version?.status ?? 'draft' },
        periods: b.periods,
        status: b.status,
        progress: { done: b.progressDone, total: b.progressTotal },
        currency: b.currency,
        totals: totals.map((t) => ({
          period: t.period,
          employees: t.employees,
          draft: fromMinor(t.draftMinor, b.currency),
          paid: fromMinor(t.paidMinor, b.currency),
          pending: fromMinor(t.pendingMinor, b.currency),
          difference: fromMinor(t.differenceMinor, b.currency),
        })),
        error: b.error ?? null,
        createdBy: b.createdBy,
        createdAt: b.createdAt.toISOString(),
        updatedAt: b.updatedAt.toISOString(),
        finishedAt: b.finishedAt?.toISOString() ?? null,
      };
    }),
  );
}
