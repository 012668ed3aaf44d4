// The bonus review workflow's messages, shared by the workflow, its activities and the engine's review API:
// the three decisions (Temporal updates with validators), the `state` query, and the pure checks both the
// validator and its tests run.
import { ApplicationFailure, defineQuery, defineUpdate } from '@temporalio/workflow';
import { DEFAULT_REVIEW_POLICY, type ReviewPolicy } from './scheme-definition.ts';

export type ReviewerRole = 'manager' | 'hr' | 'admin';
export type ReviewStatusName = 'pending' | 'approved' | 'rejected' | 'adjusted';

/** Who decides: the signed-in user, as the engine knows them. */
export interface ReviewPrincipal {
  userId: string;
  role: string;
  /** the employee the user is, when linked: nobody decides on their own bonus */
  employeeId: string | null;
  /** how the caller signed in, for the audit log's actor (default: a studio user) */
  kind?: 'user' | 'token';
  /** the token's id when `kind` is `token` */
  credentialId?: string;
}

export interface ApproveReview {
  principal: ReviewPrincipal;
  comment?: string;
}
export interface RejectReview {
  principal: ReviewPrincipal;
  reason: string;
}
export interface AdjustReview {
  principal: ReviewPrincipal;
  /** the new total, a decimal string ≥ 0 */
  amount: string;
  reason: string;
}

export type ReviewDecisionRequest =
  | ({ kind: 'approve' } & ApproveReview)
  | ({ kind: 'reject' } & RejectReview)
  | ({ kind: 'adjust' } & AdjustReview);

/** What the database holds of a review, as the workflow reads it when it starts and whenever it wakes. */
export interface ReviewSnapshot {
  reviewId: string;
  status: ReviewStatusName;
  reviewerRole: ReviewerRole;
  /** ISO instant */
  deadline: string;
  createdAt: string;
  employeeId: string;
  employeeName: string;
  /** the proposed amount, or the amount a reviewer set: a decimal string */
  amount: string;
  currency: string;
  /** the reviewer's comment or reason, once decided */
  comment: string | null;
  schemeVersionId: string;
  period: string;
  remindersSent: number;
  lastRemindedAt: string | null;
  escalatedAt: string | null;
  /** the version's policy with every default filled in */
  policy: ResolvedReviewPolicy;
}

/** The review as the API shows it after a decision: the engine renders it from the database. */
export interface DecidedReview {
  reviewId: string;
  status: ReviewStatusName;
}

/** What the studio sees of a running review workflow. */
export interface ReviewWorkflowState {
  status: ReviewStatusName;
  reviewerRole: ReviewerRole;
  deadline: string;
  remindersSent: number;
  escalated: boolean;
  /** when the workflow next acts (a reminder, the escalation, or a re-check of the database); null once decided */
  nextActionAt: string | null;
  nextAction: 'remind' | 'escalate' | 'recheck' | null;
}

export const approveReviewUpdate = defineUpdate<DecidedReview, [ApproveReview]>('approve');
export const rejectReviewUpdate = defineUpdate<DecidedReview, [RejectReview]>('reject');
export const adjustReviewUpdate = defineUpdate<DecidedReview, [AdjustReview]>('adjust');
export const reviewStateQuery = defineQuery<ReviewWorkflowState>('state');

export type ResolvedReviewPolicy = Required<ReviewPolicy>;

/** The policy with defaults for fields older versions did not have. */
export function resolveReviewPolicy(policy: ReviewPolicy | undefined): ResolvedReviewPolicy {
  const defaults = DEFAULT_REVIEW_POLICY as ResolvedReviewPolicy;
  return {
    required: policy?.required ?? defaults.required,
    reviewerRole: policy?.reviewerRole ?? defaults.reviewerRole,
    deadlineDays: policy?.deadlineDays ?? defaults.deadlineDays,
    remindBeforeDays: policy?.remindBeforeDays ?? defaults.remindBeforeDays,
    escalateTo: policy?.escalateTo === undefined ? defaults.escalateTo : policy.escalateTo,
    escalationDays: policy?.escalationDays ?? defaults.escalationDays,
  };
}

/**
 * Why a review refuses a decision: the HTTP status and error code the engine answers with, as a Temporal
 * failure (its `type` is the code; its one detail carries the status and the JSON-path details).
 */
export interface ReviewRefusal {
  status: 403 | 404 | 409 | 422;
  code: string;
  message: string;
  details?: unknown;
}

export function reviewFailure(refusal: ReviewRefusal): ApplicationFailure {
  return ApplicationFailure.create({
    type: refusal.code,
    message: refusal.message,
    details: [{ status: refusal.status, details: refusal.details ?? null }],
    nonRetryable: true,
  });
}

/** Reads a refusal back from a failure made by `reviewFailure` (anywhere in its cause chain). */
export function refusalOf(error: unknown): ReviewRefusal | null {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (e instanceof ApplicationFailure && e.type && Array.isArray(e.details)) {
      const detail = e.details[0] as { status?: unknown; details?: unknown } | undefined;
      if (typeof detail?.status === 'number') {
        return {
          status: detail.status as ReviewRefusal['status'],
          code: e.type,
          message: e.message,
          details: detail.details ?? undefined,
        };
      }
    }
  }
  return null;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** Who may decide now: admins and HR always, the policy's reviewer role, never the employee themself. */
export function checkDecision(
  review: { status: ReviewStatusName; reviewerRole: ReviewerRole; employeeId: string },
  request: ReviewDecisionRequest,
  deciding: boolean,
): ReviewRefusal | null {
  const { principal } = request;
  const mayDecide = principal.role === 'admin' || principal.role === 'hr' || principal.role === review.reviewerRole;
  if (!mayDecide) {
    return {
      status: 403,
      code: 'auth.forbidden',
      message: `This review is decided by the ${review.reviewerRole} role`,
    };
  }
  if (principal.employeeId === review.employeeId) {
    return { status: 403, code: 'auth.forbidden', message: 'Nobody decides on their own bonus' };
  }
  if (review.status !== 'pending' || deciding) {
    const status = deciding ? 'being decided' : review.status;
    return {
      status: 409,
      code: 'review.already_decided',
      message: `The review was already ${status}`,
      details: { status },
    };
  }
  if (request.kind === 'reject' || request.kind === 'adjust') {
    if (typeof request.reason !== 'string' || request.reason.trim() === '') {
      return {
        status: 422,
        code: 'validation.failed',
        message: 'A reason is required',
        details: [{ path: '/reason', message: 'required' }],
      };
    }
  }
  if (request.kind === 'adjust' && (typeof request.amount !== 'string' || !DECIMAL.test(request.amount))) {
    return {
      status: 422,
      code: 'validation.failed',
      message: 'The amount is a decimal string of 0 or more, such as "12500.00"',
      details: [{ path: '/amount', message: 'must be a decimal string of 0 or more' }],
    };
  }
  return null;
}

/**
 * The reminder instants of the current round (before `deadline`): one per `remindBeforeDays`, after the round
 * began (the review's creation, or its escalation), earliest first.
 */
export function reminderTimes(deadline: number, roundStart: number, remindBeforeDays: readonly number[]): number[] {
  return [...new Set(remindBeforeDays)]
    .map((days) => deadline - days * DAY_MS)
    .filter((at) => at > roundStart)
    .sort((a, b) => a - b);
}

export const DAY_MS = 86_400_000;
