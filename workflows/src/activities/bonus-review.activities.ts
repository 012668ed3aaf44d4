// The bonus review workflow's activities: read the review, record a reminder, escalate, apply a decision
// through the ledger (`decideReview`: scope re-checked, ledger and audit in one transaction), and start review
// workflows for a close run.
import { Context } from '@temporalio/activity';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Review, User } from '@yardstick/engine/db';
import { AppError } from '@yardstick/engine/errors';
import { decideReview, type ReviewDecision } from '@yardstick/engine/ledger';
import { escalateReview, recordReviewReminder, reviewSnapshot } from '@yardstick/engine/reviews';
import {
  type BonusReviewInput,
  type DecidedReview,
  type ReviewDecisionRequest,
  type ReviewSnapshot,
  reviewFailure,
  reviewWorkflowId,
  TASK_QUEUE,
} from '../shared/index.ts';
import type { ActivityDeps } from './deps.ts';

export function createBonusReviewActivities({ orm }: ActivityDeps) {
  return {
    /** The review as the database holds it now. */
    async loadReview(input: { reviewId: string }): Promise<ReviewSnapshot> {
      return refusing(() => reviewSnapshot(orm.em.fork(), input.reviewId));
    },

    /** Records reminder number `sequence` (once), then answers the review as it now is. */
    async recordReminder(input: {
      reviewId: string;
      sequence: number;
      dueAt: string;
      at: string;
    }): Promise<ReviewSnapshot> {
      const em = orm.em.fork();
      return refusing(async () => {
        await recordReviewReminder(em, input.reviewId, {
          sequence: input.sequence,
          dueAt: new Date(input.dueAt),
          at: new Date(input.at),
        });
        return reviewSnapshot(em, input.reviewId);
      });
    },

    /** Passes the undecided review to the policy's escalation role with a new deadline (once). */
    async escalateReview(input: {
      reviewId: string;
      to: 'hr' | 'admin';
      at: string;
      deadline: string;
    }): Promise<ReviewSnapshot> {
      const em = orm.em.fork();
      return refusing(async () => {
        await escalateReview(em, input.reviewId, {
          to: input.to,
          at: new Date(input.at),
          deadline: new Date(input.deadline),
        });
        return reviewSnapshot(em, input.reviewId);
      });
    },

    /**
     * Applies a decision through the ledger. A refusal (404, 403, 409, 422) fails without retry and carries the
     * HTTP status to the caller. A retry after a commit whose answer was lost finds its own decision and
     * answers it.
     */
    async applyReviewDecision(input: { reviewId: string; request: ReviewDecisionRequest }): Promise<DecidedReview> {
      const em = orm.em.fork();
      const { principal } = input.request;
      const user = await em.findOne(User, { id: principal.userId });
      const actor = {
        kind: principal.kind ?? 'user',
        userId: principal.userId,
        email: user?.email ?? '',
        name: user?.name ?? '',
        role: principal.role as User['role'],
        employeeId: principal.employeeId,
        credentialId: principal.credentialId ?? '',
      };
      try {
        const review = await decideReview(em, actor, input.reviewId, decisionOf(input.request));
        return { reviewId: review.id, status: review.status };
      } catch (error) {
        if (error instanceof AppError && error.status === 409) {
          const stored = await orm.em.fork().findOne(Review, { id: input.reviewId });
          if (stored?.decidedBy === principal.userId && stored.status === statusOf(input.request)) {
            return { reviewId: stored.id, status: stored.status };
          }
        }
        throw asRefusal(error);
      }
    },

    /** Starts the review workflow of each review; one already started (or finished) is left alone. */
    async startReviewWorkflows(input: { reviewIds: string[] }): Promise<{ started: number }> {
      const { client } = Context.current();
      let started = 0;
      for (const reviewId of input.reviewIds) {
        if (await startReviewWorkflow(client, reviewId)) started += 1;
      }
      return { started };
    },
  };
}

/** Starts `bonusReviewWorkflow` for a review; true when started, false when it runs or ran already. */
export async function startReviewWorkflow(client: Client, reviewId: string): Promise<boolean> {
  try {
    await client.workflow.start('bonusReviewWorkflow', {
      workflowId: reviewWorkflowId(reviewId),
      taskQueue: TASK_QUEUE,
      args: [{ reviewId } satisfies BonusReviewInput],
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

function decisionOf(request: ReviewDecisionRequest): ReviewDecision {
  switch (request.kind) {
    case 'approve':
      return request.comment === undefined ? { kind: 'approve' } : { kind: 'approve', comment: request.comment };
    case 'reject':
      return { kind: 'reject', reason: request.reason };
    case 'adjust':
      return { kind: 'adjust', amount: request.amount, reason: request.reason };
  }
}

function statusOf(request: ReviewDecisionRequest): string {
  return { approve: 'approved', reject: 'rejected', adjust: 'adjusted' }[request.kind];
}

/** An engine refusal (404, 403, 409, 422) fails the activity for good, keeping its HTTP meaning; anything else
 *  (the database away) is retried. */
function asRefusal(error: unknown): unknown {
  if (!(error instanceof AppError) || error.status >= 500) return error;
  return reviewFailure({
    status: error.status as 403 | 404 | 409 | 422,
    code: error.code,
    message: error.message,
    details: error.details,
  });
}

async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asRefusal(error);
  }
}
