// The review API's way to a decision. A review proposed by a close run has its workflow (`review/<id>`): the
// decision is a Temporal update on it, validated by the workflow and applied by its activity through
// `decideReview`. Without a workflow (a review proposed outside a close run) or while Temporal is unreachable,
// the API calls `decideReview` itself. Either way the database transaction is what decides: it re-checks the
// scope, the role and that the review is pending, so a decision is taken once.
import type { EntityManager } from '@mikro-orm/sql';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  adjustReviewUpdate,
  approveReviewUpdate,
  type DecidedReview,
  type ReviewDecisionRequest,
  type ReviewPrincipal,
  type ReviewWorkflowState,
  refusalOf,
  rejectReviewUpdate,
  reviewStateQuery,
  reviewWorkflowId,
} from '@yardstick/workflows/shared';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Review } from '../../db/entities/review.entity.ts';
import { accessScopeOf, scopeAllows } from '../../http/access-scope.ts';
import type { Principal } from '../../http/app-env.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import type { TemporalGateway } from '../../temporal/temporal-gateway.ts';
import { decideReview, type ReviewDecision } from './bonus-ledger.service.ts';

/** How long a decision waits for a first connection to Temporal before deciding directly. */
const CONNECT_WAIT_MS = 1_000;
/** How long a decision waits for the workflow (its worker may be down); then the database decides directly. */
const UPDATE_WAIT_MS = 10_000;
/** How long the review's page waits for the workflow's state. */
const QUERY_WAIT_MS = 2_000;
/** After Temporal was unreachable, decisions go directly to the database for this long. */
const UNREACHABLE_BACKOFF_MS = 30_000;

const unreachableUntil = new WeakMap<TemporalGateway, number>();

/**
 * The connected client, or null when Temporal is unreachable (or was, moments ago) or does not answer within
 * `CONNECT_WAIT_MS`: a decision does not wait for a connection attempt to time out.
 */
async function clientOrNull(temporal: TemporalGateway, logger: Logger): Promise<Client | null> {
  if ((unreachableUntil.get(temporal) ?? 0) > Date.now()) return null;
  const connecting = temporal.client();
  connecting.catch((error: unknown) => {
    unreachableUntil.set(temporal, Date.now() + UNREACHABLE_BACKOFF_MS);
    logger.warn({ error: (error as Error).message }, 'Temporal unreachable: reviews are decided directly');
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, CONNECT_WAIT_MS, null);
  });
  try {
    return await Promise.race([connecting, timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** The review, if the caller's scope holds its employee; 404 otherwise. */
export async function reviewInScope(requestEm: EntityManager, principal: Principal, reviewId: string): Promise<Review> {
  // a fork of its own: the decision's transaction must read the review fresh, not this copy
  const em = requestEm.fork();
  const review = await em.findOne(Review, { id: reviewId });
  const employee = review ? await em.findOne(Employee, { id: review.employee }) : null;
  if (!review || !employee || !scopeAllows(await accessScopeOf(em, principal), employee)) {
    throw notFound(`Review ${reviewId}`);
  }
  return review;
}

/**
 * Decides a review: through its workflow's update when the workflow runs, else directly. A refusal by the
 * workflow's validator or by the ledger keeps its HTTP meaning (403, 409, 422 with JSON paths).
 */
export async function decideReviewThroughWorkflow(
  deps: { em: EntityManager; temporal: TemporalGateway; logger: Logger },
  principal: Principal,
  reviewId: string,
  decision: ReviewDecision,
): Promise<Review> {
  await reviewInScope(deps.em, principal, reviewId);
  const client = await clientOrNull(deps.temporal, deps.logger);
  if (client) {
    const request = { ...decision, principal: reviewPrincipalOf(principal) } as ReviewDecisionRequest;
    const decided = await executeDecision(client, reviewId, request);
    if (decided) return deps.em.findOneOrFail(Review, { id: reviewId }, { refresh: true });
  }
  return decideReview(deps.em, principal, reviewId, decision);
}

/** Runs the update; null when no workflow runs for the review (then the caller decides directly). */
async function executeDecision(
  client: Client,
  reviewId: string,
  request: ReviewDecisionRequest,
): Promise<DecidedReview | null> {
  const handle = client.workflow.getHandle(reviewWorkflowId(reviewId));
  const { kind, ...args } = request;
  const update = { approve: approveReviewUpdate, reject: rejectReviewUpdate, adjust: adjustReviewUpdate }[kind];
  try {
    return await client.withDeadline(Date.now() + UPDATE_WAIT_MS, () =>
      handle.executeUpdate(update, { args: [args as never] }),
    );
  } catch (error) {
    // none started, or it has completed (the review was decided, or is being decided elsewhere)
    if (error instanceof WorkflowNotFoundError) return null;
    if (error instanceof WorkflowUpdateFailedError) {
      const refusal = refusalOf(error.cause);
      if (refusal) throw new AppError(refusal.status, refusal.code, refusal.message, refusal.details);
      throw new AppError(
        503,
        'review.workflow_failed',
        `The review workflow could not apply the decision: ${error.message}`,
      );
    }
    // Temporal went away during the call, or the workflow did not answer in time (its worker is down): the
    // database decides directly, at most once. An update still waiting in Temporal is refused later (409), and
    // the workflow then re-reads the review and completes.
    return null;
  }
}

/** The review workflow's state for the studio; null when it has none or Temporal is unreachable. */
export async function reviewWorkflowState(
  deps: { temporal: TemporalGateway; logger: Logger },
  reviewId: string,
): Promise<ReviewWorkflowState | null> {
  const client = await clientOrNull(deps.temporal, deps.logger);
  if (!client) return null;
  try {
    return await client.withDeadline(Date.now() + QUERY_WAIT_MS, () =>
      client.workflow.getHandle(reviewWorkflowId(reviewId)).query(reviewStateQuery),
    );
  } catch {
    return null;
  }
}

function reviewPrincipalOf(principal: Principal): ReviewPrincipal {
  return {
    userId: principal.userId,
    role: principal.role,
    employeeId: principal.employeeId,
    kind: principal.kind,
    credentialId: principal.credentialId,
  };
}
