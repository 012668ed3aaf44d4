// One workflow per review of a proposed bonus line (`review/<reviewId>`): it takes the reviewer's decision as a
// Temporal update (approve, reject, adjust; each validated first), reminds before the deadline, escalates to the
// policy's role when the deadline passes, notices a decision made directly in the database whenever it wakes,
// and tells the period's close workflow when the review is done.
import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createActivities } from './activities/index.ts';
import { announce } from './notify.workflow.ts';
import {
  adjustReviewUpdate,
  approveReviewUpdate,
  type BonusReviewInput,
  checkDecision,
  closeWorkflowId,
  DAY_MS,
  type DecidedReview,
  type ReviewDecisionRequest,
  type ReviewSnapshot,
  type ReviewWorkflowState,
  refusalOf,
  rejectReviewUpdate,
  reminderTimes,
  reviewDecidedSignal,
  reviewFailure,
  reviewNotification,
  reviewStateQuery,
} from './shared/index.ts';

type Activities = ReturnType<typeof createActivities>;

const { loadReview, recordReminder, escalateReview } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// a reviewer waits for the answer: a decision is retried a few times, then the update fails
const { applyReviewDecision } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '5 seconds', maximumAttempts: 5 },
});

/** With nothing else due, the workflow still re-reads the review this often, to notice a decision made in the
 *  database directly (for example while Temporal was down). */
export const RECHECK_INTERVAL_MS = DAY_MS;

export type NextStep =
  | { action: 'remind'; at: number; dueAt: number }
  | { action: 'escalate'; at: number }
  | { action: 'recheck'; at: number };

/** Pure: what the workflow does next for a pending review, and when. Exported for unit tests. */
export function nextStep(review: ReviewSnapshot, now: number): NextStep {
  const deadline = Date.parse(review.deadline);
  const roundStart = review.escalatedAt
    ? Date.parse(review.escalatedAt)
    : deadline - review.policy.deadlineDays * DAY_MS;
  const lastReminded = review.lastRemindedAt ? Date.parse(review.lastRemindedAt) : Number.NEGATIVE_INFINITY;
  const reminders = reminderTimes(deadline, roundStart, review.policy.remindBeforeDays).filter(
    (at) => at > lastReminded && at < deadline,
  );
  const due = reminders.filter((at) => at <= now);
  // several reminders missed (the workflow started late): one reminder, for the latest
  if (due.length > 0) return { action: 'remind', at: now, dueAt: due[due.length - 1] as number };
  const { escalateTo } = review.policy;
  const escalates = !review.escalatedAt && escalateTo !== null && escalateTo !== review.reviewerRole;
  if (escalates && deadline <= now) return { action: 'escalate', at: now };
  const upcoming = reminders[0];
  if (upcoming !== undefined && (!escalates || upcoming < deadline)) {
    return { action: 'remind', at: upcoming, dueAt: upcoming };
  }
  if (escalates) return { action: 'escalate', at: deadline };
  return { action: 'recheck', at: now + RECHECK_INTERVAL_MS };
}

export async function bonusReviewWorkflow(input: BonusReviewInput): Promise<ReviewWorkflowState> {
  const { reviewId } = input;
  // handlers are set before the first activity: an update that arrives meanwhile would otherwise be refused
  let review: ReviewSnapshot | undefined;
  let decided: DecidedReview | null = null;
  let deciding = false;
  /** a decision failed as already made: the database knows more than the workflow */
  let recheckNow = false;
  let next: NextStep | null = null;

  const loaded = (): ReviewSnapshot => review as ReviewSnapshot;
  const status = () => decided?.status ?? loaded().status;
  const state = (): ReviewWorkflowState => {
    const pending = status() === 'pending';
    return {
      status: status(),
      reviewerRole: loaded().reviewerRole,
      deadline: loaded().deadline,
      remindersSent: loaded().remindersSent,
      escalated: loaded().escalatedAt !== null,
      nextActionAt: pending && next ? new Date(next.at).toISOString() : null,
      nextAction: pending && next ? next.action : null,
    };
  };

  const validate = (request: ReviewDecisionRequest) => {
    // not loaded yet: the handler validates once it is
    if (!review) return;
    const refusal = checkDecision({ ...review, status: status() }, request, deciding);
    if (refusal) throw reviewFailure(refusal);
  };
  const decide = async (request: ReviewDecisionRequest): Promise<DecidedReview> => {
    if (!review) await condition(() => review !== undefined);
    // updates accepted in the same activation: the first one decides, the others are refused here
    validate(request);
    deciding = true;
    try {
      decided = await applyReviewDecision({ reviewId, request });
      return decided;
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal?.status === 409) recheckNow = true;
      throw refusal ? reviewFailure(refusal) : error;
    } finally {
      deciding = false;
    }
  };

  setHandler(reviewStateQuery, () => {
    if (!review) throw new Error('The review is being loaded');
    return state();
  });
  setHandler(approveReviewUpdate, (request) => decide({ kind: 'approve', ...request }), {
    validator: (request) => validate({ kind: 'approve', ...request }),
  });
  setHandler(rejectReviewUpdate, (request) => decide({ kind: 'reject', ...request }), {
    validator: (request) => validate({ kind: 'reject', ...request }),
  });
  setHandler(adjustReviewUpdate, (request) => decide({ kind: 'adjust', ...request }), {
    validator: (request) => validate({ kind: 'adjust', ...request }),
  });

  review = await loadReview({ reviewId });
  // the state query tells the next step from the moment the review is read
  next = nextStep(loaded(), Date.now());
  if (status() === 'pending') {
    await announce(`review/${reviewId}/requested`, [reviewNotification('requested', review)]);
  }

  while (status() === 'pending') {
    const now = Date.now();
    next = nextStep(loaded(), now);
    if (next.at > now) {
      // asleep until the next step, waking at least daily (and at once for a refused decision) to re-read the
      // review: it may have been decided outside the workflow
      const wakeAt = Math.min(next.at, now + RECHECK_INTERVAL_MS);
      await condition(() => decided !== null || deciding || recheckNow, wakeAt - now);
      if (deciding) await condition(() => !deciding);
      if (decided) break;
      recheckNow = false;
      review = await loadReview({ reviewId });
      continue;
    }
    if (next.action === 'remind') {
      const sequence: number = review.remindersSent + 1;
      review = await recordReminder({
        reviewId,
        sequence,
        dueAt: new Date(next.dueAt).toISOString(),
        at: new Date(Date.now()).toISOString(),
      });
      // the reviewers of the review's current role are reminded of the deadline
      await announce(`review/${reviewId}/reminder/${sequence}`, [
        reviewNotification('reminder', review, { reminder: sequence }),
      ]);
    } else if (next.action === 'escalate' && review.policy.escalateTo) {
      const now = Date.now();
      const to: ReviewSnapshot['reviewerRole'] = review.policy.escalateTo;
      review = await escalateReview({
        reviewId,
        to,
        at: new Date(now).toISOString(),
        deadline: new Date(now + review.policy.escalationDays * DAY_MS).toISOString(),
      });
      // the role the review passed to is told it is theirs now
      await announce(`review/${reviewId}/escalated`, [reviewNotification('escalated', review, { escalatedTo: to })]);
    } else {
      review = await loadReview({ reviewId });
    }
  }

  next = null;
  await condition(allHandlersFinished);
  // the one point where the outcome is known, however the review was decided (here, or in the database
  // directly): the employee is told, with the amount and the reason as stored
  review = await loadReview({ reviewId });
  await announce(`review/${reviewId}/decided`, [reviewNotification('decided', review)]);
  try {
    await getExternalWorkflowHandle(closeWorkflowId(review.schemeVersionId, review.period)).signal(
      reviewDecidedSignal,
      { reviewId },
    );
  } catch (error) {
    // no close workflow runs for the period (a review proposed outside a close run, or the close finished)
    log.info('no close workflow to tell of the decision', { reviewId, error: String(error) });
  }
  return state();
}
