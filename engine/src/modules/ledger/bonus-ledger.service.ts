// The bonus ledger's writes: evaluations recorded once, bonus lines proposed exactly once, and review
// decisions. Workflows (issue 6) call recordEvaluation and proposeBonus from their activities; the
// review API calls decideReview. Amounts are never edited: a correction is a new line.
import type { EntityManager } from '@mikro-orm/sql';
import { DEFAULT_REVIEW_POLICY, type SchemeEvaluation } from '@yardstick/workflows/shared';
import { newId } from '../../db/entities/base.ts';
import { type BonusKind, BonusRecord } from '../../db/entities/bonus-record.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Evaluation, type EvaluationMode } from '../../db/entities/evaluation.entity.ts';
import { Review } from '../../db/entities/review.entity.ts';
import { SchemePeriod } from '../../db/entities/scheme-period.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { accessScopeOf, scopeAllows } from '../../http/access-scope.ts';
import type { Principal } from '../../http/app-env.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { fromMinor, toMinor } from '../../lib/money.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { forUpdate } from './row-lock.ts';

export interface EvaluationToRecord {
  schemeVersionId: string;
  employeeId: string;
  period: string;
  mode: EvaluationMode;
  asOf: Date;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  trace: unknown;
}

/** What an evaluation record keeps of the evaluator's result besides the trace. */
export function evaluationOutputs(result: SchemeEvaluation): Record<string, unknown> {
  return {
    achievements: result.achievements,
    weightedAchievement: result.weightedAchievement,
    payout: result.payout,
    currency: result.currency,
    alerts: result.alerts,
  };
}

/** Stores an evaluation unless the same (version, employee, period, mode, asOf) exists; returns its id. */
export async function recordEvaluation(
  em: EntityManager,
  evaluation: EvaluationToRecord,
): Promise<{ id: string; created: boolean }> {
  const result = await em
    .createQueryBuilder(Evaluation)
    .insert({
      id: newId(),
      schemeVersion: evaluation.schemeVersionId,
      employee: evaluation.employeeId,
      period: evaluation.period,
      mode: evaluation.mode,
      asOf: evaluation.asOf,
      inputs: evaluation.inputs,
      outputs: evaluation.outputs,
      trace: evaluation.trace ?? null,
      createdAt: new Date(),
    })
    .onConflict(['schemeVersion', 'employee', 'period', 'mode', 'asOf'])
    .ignore()
    .execute('run');
  const stored = await em.findOneOrFail(
    Evaluation,
    {
      schemeVersion: evaluation.schemeVersionId,
      employee: evaluation.employeeId,
      period: evaluation.period,
      mode: evaluation.mode,
      asOf: evaluation.asOf,
    },
    { fields: ['id'] },
  );
  return { id: stored.id, created: result.affectedRows > 0 };
}

/** The cause of the lines a period close proposes. */
export const PERIOD_CLOSE_CAUSE = 'period-close';

export interface BonusToPropose {
  schemeVersionId: string;
  employeeId: string;
  period: string;
  kind?: BonusKind;
  /** why the line exists; with the other keys it makes the line unique (e.g. `period-close`) */
  cause: string;
  /** decimal string */
  amount: string;
  currency: string;
  evaluationId?: string | null;
  note?: string | null;
}

export interface ProposedBonus {
  bonusRecordId: string;
  /** false when the line already existed: a retry changes nothing */
  created: boolean;
  reviewId: string | null;
}

/**
 * Writes a bonus line exactly once, however often it is called. A pilot version's line is shadow
 * (never reviewed, never exported). Otherwise the scheme's review policy either opens a review or
 * approves the line at once.
 */
export async function proposeBonus(
  em: EntityManager,
  bonus: BonusToPropose,
  now: Date = new Date(),
): Promise<ProposedBonus> {
  const [proposed] = await proposeBonuses(em, [bonus], now);
  return proposed as ProposedBonus;
}

/**
 * `proposeBonus` for many lines of one scheme version in one transaction and a few multi-row statements (the
 * period close proposes thousands). Same rules: insert-if-absent on the unique key, shadow lines for a pilot
 * version, a review per the policy for each line this call created. A `period-close` line of a locked period is
 * refused (409 `period.locked`). Answers in the order of `bonuses`.
 */
export async function proposeBonuses(
  em: EntityManager,
  bonuses: readonly BonusToPropose[],
  now: Date = new Date(),
): Promise<ProposedBonus[]> {
  if (bonuses.length === 0) return [];
  const versionId = (bonuses[0] as BonusToPropose).schemeVersionId;
  if (bonuses.some((b) => b.schemeVersionId !== versionId)) {
    throw new Error('proposeBonuses takes the lines of one scheme version');
  }
  const rows = bonuses.map((bonus, i) => {
    let amountMinor: string;
    try {
      amountMinor = toMinor(bonus.amount, bonus.currency);
    } catch (error) {
      throw new AppError(422, 'bonus.invalid_amount', (error as Error).message, [
        { path: bonuses.length === 1 ? '/amount' : `/${i}/amount`, message: (error as Error).message },
      ]);
    }
    if (bonus.cause.length === 0 || bonus.cause.length > 128) {
      throw new AppError(422, 'bonus.invalid_cause', 'A bonus cause is 1 to 128 characters', [
        { path: bonuses.length === 1 ? '/cause' : `/${i}/cause`, message: 'must be 1 to 128 characters' },
      ]);
    }
    return { id: newId(), bonus, kind: bonus.kind ?? 'payout', amountMinor };
  });
  return em.transactional(async (tx) => {
    const version = await tx.findOne(SchemeVersion, { id: versionId });
    if (!version) throw notFound(`Scheme version ${versionId}`);
    const closing = [...new Set(bonuses.filter((b) => b.cause === PERIOD_CLOSE_CAUSE).map((b) => b.period))];
    if (closing.length > 0) {
      const locked = await tx.findOne(SchemePeriod, { schemeVersion: versionId, period: closing, status: 'locked' });
      if (locked) {
        throw new AppError(409, 'period.locked', `Period ${locked.period} of this version is locked`, {
          period: locked.period,
        });
      }
    }
    const shadow = version.status === 'pilot';
    const policy = version.definition.reviewPolicy ?? DEFAULT_REVIEW_POLICY;
    const status = shadow || policy.required ? 'proposed' : 'approved';
    // SQLite binds at most 32,766 parameters per statement: 500 lines of 13 columns stay far below
    for (let at = 0; at < rows.length; at += 500) {
      await tx
        .createQueryBuilder(BonusRecord)
        .insert(
          rows.slice(at, at + 500).map(({ id, bonus, kind, amountMinor }) => ({
            id,
            schemeVersion: versionId,
            employee: bonus.employeeId,
            period: bonus.period,
            kind,
            cause: bonus.cause,
            amountMinor,
            currency: bonus.currency,
            status,
            shadow,
            evaluation: bonus.evaluationId ?? null,
            note: bonus.note ?? null,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflict(['schemeVersion', 'employee', 'period', 'kind', 'cause'])
        .ignore()
        .execute('run');
    }
    // the stored lines, whether this call wrote them (its ids) or an earlier one did
    const keyOf = (l: { employee: string; period: string; kind: string; cause: string }) =>
      `${l.employee}|${l.period}|${l.kind}|${l.cause}`;
    const stored = new Map<string, BonusRecord>();
    const employees = [...new Set(bonuses.map((b) => b.employeeId))];
    for (let at = 0; at < employees.length; at += 500) {
      const lines = await tx.find(BonusRecord, {
        schemeVersion: versionId,
        employee: { $in: employees.slice(at, at + 500) },
        period: { $in: [...new Set(bonuses.map((b) => b.period))] },
      });
      for (const line of lines) stored.set(keyOf(line), line);
    }
    const ours = new Set(rows.map((r) => r.id));
    const existingIds = rows
      .map((r) => stored.get(keyOf({ ...r.bonus, employee: r.bonus.employeeId, kind: r.kind })))
      .filter((l): l is BonusRecord => l !== undefined && !ours.has(l.id))
      .map((l) => l.id);
    const existingReviews = new Map<string, string>();
    for (let at = 0; at < existingIds.length; at += 500) {
      const reviews = await tx.find(
        Review,
        { bonusRecord: { $in: existingIds.slice(at, at + 500) } },
        { fields: ['id', 'bonusRecord'] },
      );
      for (const review of reviews) existingReviews.set(review.bonusRecord, review.id);
    }
    const answers = rows.map(({ id, bonus, kind }): ProposedBonus => {
      const line = stored.get(keyOf({ ...bonus, employee: bonus.employeeId, kind }));
      if (!line) throw new Error(`Bonus line of ${bonus.employeeId} vanished after its insert`);
      if (line.id !== id) {
        return { bonusRecordId: line.id, created: false, reviewId: existingReviews.get(line.id) ?? null };
      }
      let reviewId: string | null = null;
      if (!shadow && policy.required) {
        reviewId = newId();
        tx.create(Review, {
          id: reviewId,
          bonusRecord: line.id,
          employee: line.employee,
          status: 'pending',
          reviewerRole: policy.reviewerRole,
          deadline: new Date(now.getTime() + policy.deadlineDays * 86_400_000),
          decidedBy: null,
          decidedAt: null,
          comment: null,
          adjustedAmountMinor: null,
        });
      }
      recordAudit(tx, 'system', 'bonus.propose', 'bonus_record', line.id, null, bonusAuditView(line));
      return { bonusRecordId: line.id, created: true, reviewId };
    });
    await tx.flush();
    return answers;
  });
}

export type ReviewDecision =
  | { kind: 'approve'; comment?: string }
  | { kind: 'reject'; reason: string }
  | { kind: 'adjust'; amount: string; reason: string };

/**
 * Applies a reviewer's decision in one transaction. Only a pending review can be decided, only by a
 * caller whose role the policy allows (admins and HR always) and whose access scope holds the
 * employee, and never by the employee themself. An adjustment approves the payout line and writes an
 * `adjustment` line for the difference.
 */
export async function decideReview(
  em: EntityManager,
  principal: Principal,
  reviewId: string,
  decision: ReviewDecision,
): Promise<Review> {
  const scope = await accessScopeOf(em, principal);
  return em.transactional(async (tx) => {
    // a second decision at the same time waits here, then sees this one and answers 409
    const review = await tx.findOne(Review, { id: reviewId }, forUpdate(tx));
    const employee = review ? await tx.findOne(Employee, { id: review.employee }) : null;
    if (!review || !employee || !scopeAllows(scope, employee)) throw notFound(`Review ${reviewId}`);
    const mayDecide =
      principal.role === 'admin' ||
      principal.role === 'hr' ||
      (principal.role === 'manager' && review.reviewerRole === 'manager');
    if (!mayDecide) throw forbidden(`This review is decided by the ${review.reviewerRole} role`);
    if (principal.employeeId === review.employee) throw forbidden('Nobody decides on their own bonus');
    if (review.status !== 'pending') {
      throw new AppError(409, 'review.already_decided', `The review was already ${review.status}`, {
        status: review.status,
      });
    }
    const line = await tx.findOneOrFail(BonusRecord, { id: review.bonusRecord });
    const before = { review: reviewAuditView(review), line: bonusAuditView(line) };
    review.decidedBy = principal.userId;
    review.decidedAt = new Date();

    if (decision.kind === 'approve') {
      review.status = 'approved';
      review.comment = decision.comment ?? null;
      line.status = 'approved';
    } else if (decision.kind === 'reject') {
      review.status = 'rejected';
      review.comment = decision.reason;
      line.status = 'rejected';
    } else {
      let adjustedMinor: bigint;
      try {
        adjustedMinor = BigInt(toMinor(decision.amount, line.currency));
      } catch (error) {
        throw new AppError(422, 'review.invalid_amount', (error as Error).message, [
          { path: '/amount', message: (error as Error).message },
        ]);
      }
      if (adjustedMinor < 0n) {
        throw new AppError(422, 'review.invalid_amount', 'An adjusted bonus cannot be negative', [
          { path: '/amount', message: 'must be 0 or more' },
        ]);
      }
      review.status = 'adjusted';
      review.comment = decision.reason;
      review.adjustedAmountMinor = adjustedMinor.toString();
      line.status = 'approved';
      const difference = adjustedMinor - BigInt(line.amountMinor);
      if (difference !== 0n) {
        const adjustment = tx.create(BonusRecord, {
          id: newId(),
          schemeVersion: line.schemeVersion,
          employee: line.employee,
          period: line.period,
          kind: 'adjustment',
          cause: `review:${review.id}`,
          amountMinor: difference.toString(),
          currency: line.currency,
          status: 'approved',
          shadow: line.shadow,
          evaluation: line.evaluation ?? null,
          note: decision.reason,
        });
        recordAudit(tx, principal, 'bonus.adjust', 'bonus_record', adjustment.id, null, bonusAuditView(adjustment));
      }
    }
    recordAudit(tx, principal, `review.${review.status}`, 'review', review.id, before, {
      review: reviewAuditView(review),
      line: bonusAuditView(line),
    });
    await tx.flush();
    return review;
  });
}

function bonusAuditView(line: BonusRecord) {
  return {
    employee: line.employee,
    schemeVersion: line.schemeVersion,
    period: line.period,
    kind: line.kind,
    cause: line.cause,
    amount: fromMinor(line.amountMinor, line.currency),
    currency: line.currency,
    status: line.status,
    shadow: line.shadow,
  };
}

function reviewAuditView(review: Review) {
  return {
    status: review.status,
    comment: review.comment ?? null,
    adjustedAmountMinor: review.adjustedAmountMinor ?? null,
  };
}
