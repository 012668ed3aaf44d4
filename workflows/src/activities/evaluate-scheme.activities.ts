// The evaluate-scheme workflow's activities: the run's setting, the participants, evaluating a batch (with its
// evaluations, alerts and bonus lines written once), starting the reviews' workflows, and the period's state.
import { Context } from '@temporalio/activity';
import { Organization, SchemeVersion } from '@yardstick/engine/db';
import {
  type BatchInput,
  beginClose,
  closeProposed,
  evaluateBatch,
  lockPeriod,
  snapshotRun,
} from '@yardstick/engine/scheme-runs';
import { announceAlerts } from './announce.ts';
import { startReviewWorkflow } from './bonus-review.activities.ts';
import type { ActivityDeps } from './deps.ts';

/** Review workflows an `evaluateBatch` starts at once. */
const REVIEW_STARTS_IN_FLIGHT = 16;

export interface BatchOutcome {
  evaluated: number;
  alertsRaised: number;
  proposed: number;
  /** pending reviews of the batch, each with its workflow started */
  reviews: number;
}

export function createEvaluateSchemeActivities({ orm }: ActivityDeps) {
  return {
    /** What a scheduled run needs to know to find its period: the version's period kind and status, the
     *  organization's time zone. */
    async schemeRunSetting(input: { schemeVersionId: string }) {
      const em = orm.em.fork();
      const version = await em.findOneOrFail(SchemeVersion, { id: input.schemeVersionId });
      const organization = await em.findOneOrFail(Organization, { id: 1 });
      return {
        periodKind: version.definition.periodKind,
        status: version.status,
        timeZone: organization.timeZone,
      };
    },

    /** The participants, in batches (id ranges of RUN_BATCH_SIZE). */
    async snapshotScheme(input: { schemeVersionId: string; period: string; batchSize?: number }) {
      return snapshotRun(orm.em.fork(), input, input.batchSize);
    },

    /** Evaluates a batch and writes what it owes once; at close, starts a review workflow per pending review. */
    async evaluateBatch(input: BatchInput): Promise<BatchOutcome> {
      const context = Context.current();
      context.heartbeat('evaluating');
      const em = orm.em.fork();
      const result = await evaluateBatch(em, input);
      context.heartbeat('evaluated');
      const ids = [...result.pendingReviewIds];
      const lanes = Array.from({ length: Math.min(REVIEW_STARTS_IN_FLIGHT, ids.length) }, async () => {
        for (let id = ids.pop(); id !== undefined; id = ids.pop()) {
          await startReviewWorkflow(context.client, id);
          context.heartbeat('starting reviews');
        }
      });
      await Promise.all(lanes);
      await announceAlerts(em, result.alerts);
      return {
        evaluated: result.evaluated,
        alertsRaised: result.alertsRaised,
        proposed: result.proposed,
        reviews: result.pendingReviewIds.length,
      };
    },

    async beginClose(input: { schemeVersionId: string; period: string; participants: number }) {
      return beginClose(orm.em.fork(), input);
    },

    async closeProposed(input: { schemeVersionId: string; period: string }) {
      return closeProposed(orm.em.fork(), input);
    },

    /** Locks the period when no review of it waits; answers whether it is locked. */
    async lockPeriodIfDecided(input: { schemeVersionId: string; period: string }): Promise<boolean> {
      return lockPeriod(orm.em.fork(), input);
    },
  };
}
