// The database side of a scheme run (the evaluate-scheme workflow's activities call these): who takes part,
// evaluating a batch of employees (evaluations, evaluation alerts and, at close, bonus lines, each written once
// with multi-row insert-if-absent), and the period's state from closing to locked.
import type { EntityManager } from '@mikro-orm/sql';
import {
  type AlertToRaise,
  closeWorkflowId,
  type EvaluationContext,
  evaluateSchemeForEmployee,
  type RunMode,
  type SchemeEvaluation,
  schemeCovers,
} from '@yardstick/workflows/shared';
import { newId } from '../../db/entities/base.ts';
import { BonusRecord } from '../../db/entities/bonus-record.entity.ts';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Evaluation } from '../../db/entities/evaluation.entity.ts';
import { Review } from '../../db/entities/review.entity.ts';
import { SchemePeriod } from '../../db/entities/scheme-period.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { type Period, parsePeriod } from '../../domain/period.ts';
import { notFound } from '../../lib/errors.ts';
import { alertsCausedBy, evaluationAlerts, insertAlerts } from '../alerts/alert-writer.ts';
import { evaluationOutputs, PERIOD_CLOSE_CAUSE, proposeBonuses } from '../ledger/bonus-ledger.service.ts';
import { participantsOf } from '../schemes/scheme-simulation.ts';

/** Employees per `evaluateBatch` activity. */
export const RUN_BATCH_SIZE = 200;

/** A batch of participants: the ids from `from` to `to` (inclusive, in the database's order of ids). */
export interface BatchRange {
  from: string;
  to: string;
  size: number;
}

export interface RunSnapshot {
  schemeId: string;
  status: string;
  periodKind: string;
  /** the participants in batches of RUN_BATCH_SIZE; ranges, not ids, so that the workflow history stays small */
  batches: BatchRange[];
  participants: number;
}

/**
 * The employees a version covers (scope) who are employed for part of the period at least, ordered by id;
 * within an id range when given.
 */
export async function participantIds(
  em: EntityManager,
  version: SchemeVersion,
  period: Period,
  range?: { from: string; to: string },
): Promise<string[]> {
  const departments = new Map((await em.find(Department, {}, { fields: ['id', 'key'] })).map((d) => [d.id, d.key]));
  const employees = await em.find(Employee, range ? { id: { $gte: range.from, $lte: range.to } } : {}, {
    fields: ['id', 'role', 'department', 'hiredOn', 'leftOn'],
    orderBy: { id: 'asc' },
  });
  return employees
    .filter(
      (e) =>
        (!e.hiredOn || e.hiredOn <= period.end) &&
        (!e.leftOn || e.leftOn >= period.start) &&
        schemeCovers(version.definition.scope, e, departments.get(e.department) ?? ''),
    )
    .map((e) => e.id);
}

export async function snapshotRun(
  em: EntityManager,
  input: { schemeVersionId: string; period: string },
  batchSize = RUN_BATCH_SIZE,
): Promise<RunSnapshot> {
  const version = await em.findOne(SchemeVersion, { id: input.schemeVersionId });
  if (!version) throw notFound(`Scheme version ${input.schemeVersionId}`);
  const ids = await participantIds(em, version, parsePeriod(input.period));
  const batches: BatchRange[] = [];
  for (let at = 0; at < ids.length; at += batchSize) {
    const slice = ids.slice(at, at + batchSize);
    batches.push({ from: slice[0] as string, to: slice[slice.length - 1] as string, size: slice.length });
  }
  return {
    schemeId: version.scheme,
    status: version.status,
    periodKind: version.definition.periodKind,
    batches,
    participants: ids.length,
  };
}

export interface BatchInput {
  schemeVersionId: string;
  period: string;
  mode: RunMode;
  /** ISO instant */
  asOf: string;
  /** the batch: participants with ids in this range (an employee added meanwhile is a participant too) */
  range: { from: string; to: string };
}

export interface BatchResult {
  evaluated: number;
  alertsRaised: number;
  /** bonus lines written by this call (0 on a retry) */
  proposed: number;
  /** pending reviews of the batch's lines (opened now or by an earlier attempt) */
  pendingReviewIds: string[];
  /** the alerts the batch's evaluations raised, now or in an earlier attempt: what to announce */
  alerts: AlertToRaise[];
  /** where the batch's time went (ms): reading participants and KPI inputs, the rules, writing; the period-close
   *  benchmark reports these */
  timings: BatchTimings;
}

export interface BatchTimings {
  readMs: number;
  rulesMs: number;
  writeMs: number;
}

/**
 * Evaluates a batch of employees and writes what the run owes: one evaluation each (insert-if-absent on
 * version, employee, period, mode, as-of), the alerts of `evaluation` rules (insert-if-absent on their dedupe
 * key, caused by the evaluation) and, at close, one `period-close` bonus line each (`proposeBonuses`). Any
 * retry writes nothing new.
 */
export async function evaluateBatch(em: EntityManager, input: BatchInput): Promise<BatchResult> {
  const version = await em.findOne(SchemeVersion, { id: input.schemeVersionId });
  if (!version) throw notFound(`Scheme version ${input.schemeVersionId}`);
  const period = parsePeriod(input.period);
  const asOf = new Date(input.asOf);
  const started = performance.now();
  const ids = await participantIds(em, version, period, input.range);
  const participants = await participantsOf(em, [version.definition], period, { kind: 'all' }, ids);
  const read = performance.now();
  const results = participants.map((p) => ({
    employeeId: p.employee.id,
    context: p.context,
    result: evaluateSchemeForEmployee(version.definition, p.context),
  }));
  const evaluated = performance.now();
  const timings = () => ({
    readMs: read - started,
    rulesMs: evaluated - read,
    writeMs: performance.now() - evaluated,
  });
  if (results.length === 0)
    return { evaluated: 0, alertsRaised: 0, proposed: 0, pendingReviewIds: [], alerts: [], timings: timings() };

  const evaluationIds = await recordEvaluations(em, version.id, input, asOf, results);
  const alertsRaised = (await raiseEvaluationAlerts(em, version.id, input.period, results, evaluationIds)).length;
  const alerts = await alertsCausedBy(em, [...evaluationIds.values()]);
  if (input.mode !== 'close') {
    return { evaluated: results.length, alertsRaised, proposed: 0, pendingReviewIds: [], alerts, timings: timings() };
  }

  const payable = results.filter((r) => r.result.payout !== null);
  const proposed = await proposeBonuses(
    em,
    payable.map((r) => ({
      schemeVersionId: version.id,
      employeeId: r.employeeId,
      period: input.period,
      cause: PERIOD_CLOSE_CAUSE,
      amount: r.result.payout as string,
      currency: r.result.currency,
      evaluationId: evaluationIds.get(r.employeeId) ?? null,
    })),
  );
  const reviewIds = proposed.map((p) => p.reviewId).filter((id): id is string => id !== null);
  const pending =
    reviewIds.length === 0
      ? []
      : await em.find(
          Review,
          { id: { $in: reviewIds }, status: 'pending' },
          { fields: ['id'], orderBy: { id: 'asc' } },
        );
  return {
    evaluated: results.length,
    alertsRaised,
    proposed: proposed.filter((p) => p.created).length,
    pendingReviewIds: pending.map((r) => r.id),
    alerts,
    timings: timings(),
  };
}

type Evaluated = { employeeId: string; context: EvaluationContext; result: SchemeEvaluation };

/** One multi-row insert-if-absent, then one read of the ids: employee id → evaluation id. */
async function recordEvaluations(
  em: EntityManager,
  versionId: string,
  input: BatchInput,
  asOf: Date,
  results: readonly Evaluated[],
): Promise<Map<string, string>> {
  const now = new Date();
  await em
    .createQueryBuilder(Evaluation)
    .insert(
      results.map(({ employeeId, context, result }) => ({
        id: newId(),
        schemeVersion: versionId,
        employee: employeeId,
        period: input.period,
        mode: input.mode,
        asOf,
        inputs: context as unknown as Record<string, unknown>,
        outputs: evaluationOutputs(result),
        trace: result.trace ?? null,
        createdAt: now,
      })),
    )
    .onConflict(['schemeVersion', 'employee', 'period', 'mode', 'asOf'])
    .ignore()
    .execute('run');
  const stored = await em.find(
    Evaluation,
    {
      schemeVersion: versionId,
      period: input.period,
      mode: input.mode,
      asOf,
      employee: { $in: results.map((r) => r.employeeId) },
    },
    { fields: ['id', 'employee'] },
  );
  return new Map(stored.map((e) => [e.employee, e.id]));
}

/** The alerts of `evaluation` rules, one per version, rule, employee and period; answers those that are new. */
async function raiseEvaluationAlerts(
  em: EntityManager,
  versionId: string,
  period: string,
  results: readonly Evaluated[],
  evaluationIds: Map<string, string>,
): Promise<AlertToRaise[]> {
  const alerts = results.flatMap(({ employeeId, result }) =>
    evaluationAlerts(
      { schemeVersionId: versionId, employeeId, period, evaluationId: evaluationIds.get(employeeId) ?? null },
      result,
    ),
  );
  return insertAlerts(em, alerts);
}

/**
 * The close of a period begins: its row is created (or found, when the workflow retries or continues). The
 * answer is the period's status: a `locked` period is not closed again.
 */
export async function beginClose(
  em: EntityManager,
  input: { schemeVersionId: string; period: string; participants: number },
): Promise<{ status: SchemePeriod['status'] }> {
  return em.transactional(async (tx) => {
    await tx
      .createQueryBuilder(SchemePeriod)
      .insert({
        id: newId(),
        schemeVersion: input.schemeVersionId,
        period: input.period,
        status: 'closing',
        workflowId: closeWorkflowId(input.schemeVersionId, input.period),
        participants: input.participants,
        startedAt: new Date(),
        updatedAt: new Date(),
      })
      .onConflict(['schemeVersion', 'period'])
      .ignore()
      .execute('run');
    const row = await tx.findOneOrFail(SchemePeriod, { schemeVersion: input.schemeVersionId, period: input.period });
    return { status: row.status };
  });
}

/** Every line is proposed: the counts are taken from the ledger and the period waits for its reviews. */
export async function closeProposed(
  em: EntityManager,
  input: { schemeVersionId: string; period: string },
): Promise<{ proposed: number; reviews: number; pending: number }> {
  return em.transactional(async (tx) => {
    const row = await tx.findOneOrFail(SchemePeriod, { schemeVersion: input.schemeVersionId, period: input.period });
    const counts = await reviewCounts(tx, input);
    row.evaluated = await tx.count(Evaluation, {
      schemeVersion: input.schemeVersionId,
      period: input.period,
      mode: 'close',
    });
    row.proposed = counts.proposed;
    row.reviews = counts.reviews;
    if (row.status === 'closing') {
      row.status = 'reviewing';
      row.reviewingAt = new Date();
    }
    await tx.flush();
    return counts;
  });
}

async function reviewCounts(
  em: EntityManager,
  input: { schemeVersionId: string; period: string },
): Promise<{ proposed: number; reviews: number; pending: number }> {
  const lines = await em.find(
    BonusRecord,
    { schemeVersion: input.schemeVersionId, period: input.period, cause: PERIOD_CLOSE_CAUSE },
    { fields: ['id'] },
  );
  const ids = lines.map((l) => l.id);
  let reviews = 0;
  let pending = 0;
  for (let at = 0; at < ids.length; at += 500) {
    const slice = ids.slice(at, at + 500);
    reviews += await em.count(Review, { bonusRecord: { $in: slice } });
    pending += await em.count(Review, { bonusRecord: { $in: slice }, status: 'pending' });
  }
  return { proposed: ids.length, reviews, pending };
}

/** How many of the period's close reviews still wait for a decision. */
export async function pendingCloseReviews(
  em: EntityManager,
  input: { schemeVersionId: string; period: string },
): Promise<number> {
  return (await reviewCounts(em, input)).pending;
}

/** Locks the period once no review waits; answers whether it is locked. */
export async function lockPeriod(
  em: EntityManager,
  input: { schemeVersionId: string; period: string },
): Promise<boolean> {
  return em.transactional(async (tx) => {
    const row = await tx.findOneOrFail(SchemePeriod, { schemeVersion: input.schemeVersionId, period: input.period });
    if (row.status === 'locked') return true;
    if ((await reviewCounts(tx, input)).pending > 0) return false;
    row.status = 'locked';
    row.lockedAt = new Date();
    await tx.flush();
    return true;
  });
}
