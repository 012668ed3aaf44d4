// Clawbacks: a deal won and paid, then reversed (lost, reopened, refunded) within the scheme's window, takes back
// what it earned. The paid period is recomputed without the deal's events, through the same pipeline as every
// evaluation, recorded as a `clawback` evaluation, and the difference to what was paid becomes a `clawback` line in
// the period of the reversal. The paid line is never edited; the clawback line follows the review policy.
import type { EntityManager } from '@mikro-orm/sql';
import {
  clawbackAmount,
  clawbackCause,
  clawbackWindow,
  DEAL_WON,
  dealOf,
  evaluateSchemeForEmployee,
  type Reversal,
  reversalTypes,
} from '@yardstick/workflows/shared';
import { BonusRecord } from '../../db/entities/bonus-record.entity.ts';
import { Evaluation } from '../../db/entities/evaluation.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { localDateOf, parsePeriod, periodContaining } from '../../domain/period.ts';
import { fromMinor, toMinor } from '../../lib/money.ts';
import type { DealRef } from '../kpi/metric.service.ts';
import { participantsOf } from '../schemes/scheme-simulation.ts';
import { proposeBonus, recordEvaluation } from './bonus-ledger.service.ts';

export interface ClawbackRun {
  employeeId: string;
  reversals: readonly Reversal[];
}

export interface ProposedClawback {
  bonusRecordId: string;
  created: boolean;
  /** the review the scheme's policy opened for the line (its workflow is started by the caller) */
  reviewId: string | null;
  schemeVersionId: string;
  deal: string;
  paidPeriod: string;
  period: string;
  amount: string;
  evaluationId: string;
}

const PAID = ['approved', 'exported'] as const;

/**
 * For each reversal: the wins of the deal by the employee inside the version's window, the periods those wins were
 * paid in (a non-shadow payout line of a version of the same scheme, approved or exported), and for each such
 * period one clawback line, ever: a deal already clawed back for a paid period is skipped, whatever the period of
 * its new reversal.
 */
export async function applyClawbacks(em: EntityManager, run: ClawbackRun): Promise<ProposedClawback[]> {
  const proposed: ProposedClawback[] = [];
  const organization = await em.findOneOrFail(Organization, { id: 1 });
  for (const reversal of run.reversals) {
    const version = await em.findOne(SchemeVersion, { id: reversal.schemeVersionId });
    const policy = version?.definition.clawback;
    // a pilot's lines are shadow, never paid: it has nothing to claw back
    if (!version || !policy || version.status !== 'active') continue;
    if (!reversalTypes(policy).includes(reversal.type)) continue;
    const reversalAt = new Date(reversal.occurredAt);
    const window = clawbackWindow(reversalAt, policy.windowDays);
    const wins = (
      await em.find(Event, {
        employee: run.employeeId,
        source: reversal.sourceId,
        type: DEAL_WON,
        occurredAt: { $gte: window.from, $lte: window.to },
      })
    ).filter((e) => dealOf(e.attributes) === reversal.deal);
    if (wins.length === 0) continue;

    const versions = await em.find(SchemeVersion, { scheme: version.scheme, status: { $ne: 'pilot' } });
    const byId = new Map(versions.map((v) => [v.id, v]));
    // the period each version of the scheme paid each win in
    const candidates = new Set<string>();
    for (const win of wins) {
      const day = localDateOf(win.occurredAt, organization.timeZone);
      for (const v of versions) candidates.add(periodContaining(v.definition.periodKind, day).key);
    }
    const paidLines = await em.find(
      BonusRecord,
      {
        schemeVersion: { $in: [...byId.keys()] },
        employee: run.employeeId,
        period: { $in: [...candidates] },
        kind: 'payout',
        shadow: false,
        status: { $in: [...PAID] },
      },
      { orderBy: { period: 'asc', id: 'asc' } },
    );
    for (const line of paidLines) {
      const paidVersion = byId.get(line.schemeVersion) as SchemeVersion;
      const paidKind = paidVersion.definition.periodKind;
      const paidHere = wins.some(
        (w) => periodContaining(paidKind, localDateOf(w.occurredAt, organization.timeZone)).key === line.period,
      );
      if (!paidHere) continue;
      const clawback = await clawBack(em, {
        employeeId: run.employeeId,
        paidVersion,
        paidLine: line,
        reversal,
        asOf: recomputedAsOf(run.reversals, reversal),
        timeZone: organization.timeZone,
      });
      if (clawback) proposed.push(clawback);
    }
  }
  return proposed;
}

/**
 * The as-of of a recomputation: the instant of its reversal, so that a retry records the same evaluation and each
 * reversal its own. Reversals of different deals at the same instant (a bulk action in the CRM) are told apart by a
 * millisecond each, in the order of their deal ids: read from the run's input, it is the same on every retry.
 */
export function recomputedAsOf(reversals: readonly Reversal[], reversal: Reversal): Date {
  const at = new Date(reversal.occurredAt).getTime();
  const before = new Set(
    reversals
      .filter((r) => new Date(r.occurredAt).getTime() === at && r.deal < reversal.deal)
      .map((r) => `${r.sourceId}\u0000${r.deal}`),
  );
  return new Date(at + before.size);
}

async function clawBack(
  em: EntityManager,
  input: {
    employeeId: string;
    paidVersion: SchemeVersion;
    paidLine: BonusRecord;
    reversal: Reversal;
    asOf: Date;
    timeZone: string;
  },
): Promise<ProposedClawback | null> {
  const { employeeId, paidVersion, paidLine, reversal } = input;
  const paidPeriod = paidLine.period;
  const cause = clawbackCause(reversal.deal, paidPeriod);
  const onVersion = { schemeVersion: paidVersion.id, employee: employeeId };
  // once per deal and paid period, whichever period a later reversal of the same deal falls in
  const earlier = await em.find(BonusRecord, {
    ...onVersion,
    kind: 'clawback',
    cause: { $like: `clawback:%:${paidPeriod}` },
  });
  if (earlier.some((line) => line.cause === cause)) return null;

  // what the period paid so far: its payout and adjustments, less the clawbacks already taken for it, whose
  // deals stay left out of the recomputation
  const settled = await em.find(BonusRecord, {
    ...onVersion,
    period: paidPeriod,
    kind: { $in: ['payout', 'adjustment'] },
    shadow: false,
    status: { $in: [...PAID] },
  });
  const taken = earlier.filter((line) => line.status !== 'rejected');
  let paidMinor = 0n;
  for (const line of [...settled, ...taken]) paidMinor += BigInt(line.amountMinor);
  const excludeDeals: DealRef[] = [{ source: reversal.sourceId, deal: reversal.deal }];
  const earlierEvaluations = await em.find(Evaluation, {
    id: { $in: taken.map((line) => line.evaluation).filter((id): id is string => id != null) },
  });
  for (const evaluation of earlierEvaluations) {
    for (const ref of (evaluation.inputs.excludedDeals as DealRef[] | undefined) ?? []) {
      if (!excludeDeals.some((d) => d.source === ref.source && d.deal === ref.deal)) excludeDeals.push(ref);
    }
  }

  const definition = paidVersion.definition;
  const [participant] = await participantsOf(em, [definition], parsePeriod(paidPeriod), { kind: 'all' }, [employeeId], {
    excludeDeals,
  });
  if (!participant) return null;
  const evaluation = evaluateSchemeForEmployee(definition, participant.context);
  if (evaluation.payout === null || evaluation.currency !== paidLine.currency) return null;
  const { id: evaluationId } = await recordEvaluation(em, {
    schemeVersionId: paidVersion.id,
    employeeId,
    period: paidPeriod,
    mode: 'clawback',
    asOf: input.asOf,
    inputs: { ...(participant.context as unknown as Record<string, unknown>), excludedDeals: excludeDeals },
    outputs: {
      achievements: evaluation.achievements,
      weightedAchievement: evaluation.weightedAchievement,
      payout: evaluation.payout,
      currency: evaluation.currency,
      paid: fromMinor(paidMinor, paidLine.currency),
      reversal: {
        eventId: reversal.eventId,
        type: reversal.type,
        deal: reversal.deal,
        occurredAt: reversal.occurredAt,
      },
    },
    trace: evaluation.trace,
  });
  const amountMinor = clawbackAmount(BigInt(toMinor(evaluation.payout, evaluation.currency)), paidMinor);
  if (amountMinor === null) return null;
  const period = periodContaining(
    definition.periodKind,
    localDateOf(new Date(reversal.occurredAt), input.timeZone),
  ).key;
  const amount = fromMinor(amountMinor, paidLine.currency);
  const line = await proposeBonus(em, {
    schemeVersionId: paidVersion.id,
    employeeId,
    period,
    kind: 'clawback',
    cause,
    amount,
    currency: paidLine.currency,
    evaluationId,
    note: `${reversal.type} of deal ${reversal.deal} on ${reversal.occurredAt}; paid in ${paidPeriod}`,
  });
  return {
    bonusRecordId: line.bonusRecordId,
    created: line.created,
    reviewId: line.reviewId,
    schemeVersionId: paidVersion.id,
    deal: reversal.deal,
    paidPeriod,
    period,
    amount,
    evaluationId,
  };
}
