// The database side of `backtestWorkflow`: plan the participants of each period, evaluate one batch of them
// against the stored event history and what the scheme paid them, and close the run with per-period totals.
// Each step may be retried: results are insert-if-absent per (backtest, period, employee), and progress only
// counts rows that were new.
import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { evaluateSchemeForEmployee, type SchemeDefinition, schemeCovers } from '@yardstick/workflows/shared';
import {
  Backtest,
  type BacktestPeriodTotals,
  BacktestResult,
  type BacktestStatus,
} from '../../db/entities/backtest.entity.ts';
import { newId } from '../../db/entities/base.ts';
import { BonusRecord } from '../../db/entities/bonus-record.entity.ts';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { type Period, parsePeriod } from '../../domain/period.ts';
import { toMinor } from '../../lib/money.ts';
import { participantsOf } from '../schemes/scheme-simulation.ts';

/** participants per evaluation activity */
export const BACKTEST_BATCH_SIZE = 200;

/** the bonus kinds that make up what a scheme paid for a period */
export const PAID_KINDS = ['payout', 'adjustment', 'clawback'] as const;

/** One activity's share of a period: the participants whose ids lie in [first, last]. */
export interface BacktestBatch {
  period: string;
  firstEmployeeId: string;
  lastEmployeeId: string;
  size: number;
}

export interface BacktestPlan {
  batches: BacktestBatch[];
  total: number;
}

/** Employees employed for part of the period and covered by the version's scope, by id. */
async function candidates(
  em: EntityManager,
  definition: SchemeDefinition,
  period: Period,
  range?: { first: string; last: string },
): Promise<Employee[]> {
  const departments = new Map((await em.find(Department, {})).map((d) => [d.id, d.key]));
  const employees = await em.find(Employee, range ? { id: { $gte: range.first, $lte: range.last } } : {}, {
    orderBy: { id: 'asc' },
  });
  return employees.filter(
    (e) =>
      (!e.hiredOn || e.hiredOn <= period.end) &&
      (!e.leftOn || e.leftOn >= period.start) &&
      schemeCovers(definition.scope, e, departments.get(e.department) ?? ''),
  );
}

/** A backtest as it starts: `running`, no progress yet. The API writes it before starting its workflow. */
export function newBacktest(
  em: EntityManager,
  start: {
    version: Pick<SchemeVersion, 'id' | 'scheme' | 'definition'>;
    periods: string[];
    createdBy: string;
    createdAt?: Date;
  },
): Backtest {
  return em.create(Backtest, {
    id: newId(),
    scheme: start.version.scheme,
    schemeVersion: start.version.id,
    periods: start.periods,
    status: 'running',
    currency: start.version.definition.currency ?? 'RUB',
    progressDone: 0,
    progressTotal: 0,
    totals: null,
    error: null,
    createdBy: start.createdBy,
    finishedAt: null,
    ...(start.createdAt ? { createdAt: start.createdAt } : {}),
  });
}

/** Splits each period's participants into batches of ids and records the total to do. */
export async function planBacktest(
  em: EntityManager,
  backtestId: string,
  batchSize = BACKTEST_BATCH_SIZE,
): Promise<BacktestPlan> {
  const backtest = await em.findOneOrFail(Backtest, { id: backtestId });
  const version = await em.findOneOrFail(SchemeVersion, { id: backtest.schemeVersion });
  const batches: BacktestBatch[] = [];
  for (const key of backtest.periods) {
    const ids = (await candidates(em, version.definition, parsePeriod(key))).map((e) => e.id);
    for (let i = 0; i < ids.length; i += batchSize) {
      const slice = ids.slice(i, i + batchSize);
      batches.push({
        period: key,
        firstEmployeeId: slice[0] as string,
        lastEmployeeId: slice.at(-1) as string,
        size: slice.length,
      });
    }
  }
  const total = batches.reduce((sum, b) => sum + b.size, 0);
  await em.nativeUpdate(Backtest, { id: backtestId }, { progressTotal: total });
  return { batches, total };
}

/**
 * Evaluates one batch and stores a result per participant unless it exists. Returns how many were evaluated
 * and how many results were new (a retry of a committed batch adds none). A backtest that is no longer
 * running (cancelled) gets nothing more.
 */
export async function evaluateBacktestBatch(
  em: EntityManager,
  batch: BacktestBatch & { backtestId: string },
  heartbeat: () => void = () => {},
): Promise<{ evaluated: number; inserted: number }> {
  const backtest = await em.findOneOrFail(Backtest, { id: batch.backtestId });
  if (backtest.status !== 'running') return { evaluated: 0, inserted: 0 };
  const version = await em.findOneOrFail(SchemeVersion, { id: backtest.schemeVersion });
  const period = parsePeriod(batch.period);
  const ids = (
    await candidates(em, version.definition, period, { first: batch.firstEmployeeId, last: batch.lastEmployeeId })
  ).map((e) => e.id);
  if (ids.length === 0) return { evaluated: 0, inserted: 0 };
  const participants = await participantsOf(em, [version.definition], period, { kind: 'all' }, ids);
  heartbeat();

  const paid = await paidByEmployee(em, backtest.scheme, period.key, ids, backtest.currency);
  const now = new Date();
  const rows = participants.map((p) => {
    const { trace: _trace, ...outputs } = evaluateSchemeForEmployee(version.definition, p.context);
    const draft = outputs.payout === null ? null : BigInt(toMinor(outputs.payout, outputs.currency));
    const sums = paid.get(p.employee.id) ?? { paid: 0n, pending: 0n };
    return {
      id: newId(),
      backtest: backtest.id,
      period: period.key,
      employee: p.employee.id,
      draftMinor: draft === null ? null : draft.toString(),
      paidMinor: sums.paid.toString(),
      pendingMinor: sums.pending.toString(),
      differenceMinor: draft === null ? null : (draft - sums.paid).toString(),
      currency: backtest.currency,
      inputs: p.inputs as Record<string, unknown>,
      outputs: outputs as unknown as Record<string, unknown>,
      createdAt: now,
    };
  });
  heartbeat();

  const inserted = await em.transactional(async (tx) => {
    const result = await tx
      .createQueryBuilder(BacktestResult)
      .insert(rows)
      .onConflict(['backtest', 'period', 'employee'])
      .ignore()
      .execute('run');
    if (result.affectedRows > 0) {
      await tx
        .createQueryBuilder(Backtest)
        .update({ progressDone: raw('progress_done + ?', [result.affectedRows]), updatedAt: now })
        .where({ id: backtest.id, status: 'running' })
        .execute('run');
    }
    return result.affectedRows;
  });
  return { evaluated: rows.length, inserted };
}

/**
 * What the scheme paid each employee for the period: approved and exported non-shadow payout, adjustment and
 * clawback lines of any of its versions (`paid`), and proposed ones still under review (`pending`). Rejected
 * lines count nowhere; lines in another currency than the backtest's are left out.
 */
async function paidByEmployee(
  em: EntityManager,
  schemeId: string,
  period: string,
  employeeIds: string[],
  currency: string,
): Promise<Map<string, { paid: bigint; pending: bigint }>> {
  const versions = (await em.find(SchemeVersion, { scheme: schemeId }, { fields: ['id'] })).map((v) => v.id);
  const lines = await em.find(
    BonusRecord,
    {
      schemeVersion: { $in: versions },
      employee: { $in: employeeIds },
      period,
      shadow: false,
      currency,
      kind: { $in: [...PAID_KINDS] },
      status: { $in: ['approved', 'exported', 'proposed'] },
    },
    { fields: ['employee', 'amountMinor', 'status'] },
  );
  const sums = new Map<string, { paid: bigint; pending: bigint }>();
  for (const line of lines) {
    const sum = sums.get(line.employee) ?? { paid: 0n, pending: 0n };
    if (line.status === 'proposed') sum.pending += BigInt(line.amountMinor);
    else sum.paid += BigInt(line.amountMinor);
    sums.set(line.employee, sum);
  }
  return sums;
}

type TotalsRow = {
  period: string;
  employees: number | string;
  draft: string | null;
  paid: string | null;
  pending: string | null;
};

/** Per-period sums over the results so far, in the backtest's periods' order (summed in SQL, read as text). */
export async function backtestTotals(em: EntityManager, backtest: Backtest): Promise<BacktestPeriodTotals[]> {
  const rows = await em.getConnection().execute<TotalsRow[]>(
    `select period, count(*) as employees,
            cast(sum(coalesce(draft_minor, 0)) as text) as draft,
            cast(sum(paid_minor) as text) as paid,
            cast(sum(pending_minor) as text) as pending
       from backtest_result where backtest_id = ? group by period`,
    [backtest.id],
    'all',
    em.getTransactionContext(),
  );
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  return backtest.periods.map((period) => {
    const row = byPeriod.get(period);
    const draft = BigInt(row?.draft ?? 0);
    const paid = BigInt(row?.paid ?? 0);
    return {
      period,
      employees: Number(row?.employees ?? 0),
      draftMinor: draft.toString(),
      paidMinor: paid.toString(),
      pendingMinor: BigInt(row?.pending ?? 0).toString(),
      differenceMinor: (draft - paid).toString(),
    };
  });
}

/** Ends a running backtest (a finished one stays as it is) and stores its totals. */
export async function finishBacktest(
  em: EntityManager,
  input: { backtestId: string; status: Exclude<BacktestStatus, 'running'>; error?: string | null },
): Promise<{ status: BacktestStatus; totals: BacktestPeriodTotals[] }> {
  return em.transactional(async (tx) => {
    const backtest = await tx.findOneOrFail(Backtest, { id: input.backtestId });
    if (backtest.status !== 'running') return { status: backtest.status, totals: backtest.totals ?? [] };
    const totals = await backtestTotals(tx, backtest);
    backtest.status = input.status;
    backtest.totals = totals;
    backtest.error = input.error ?? null;
    backtest.finishedAt = new Date();
    await tx.flush();
    return { status: backtest.status, totals };
  });
}
