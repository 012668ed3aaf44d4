// Reviews of proposed bonuses: the queue, one review with its workflow's state, and the three decisions.
import { api, type CallOptions, call, init, query, type Schema } from './client.ts';

export type Review = Schema<'Review'>;
export type ReviewStatus = Review['status'];
export type ReviewWorkflowState = Schema<'ReviewWorkflowState'>;
export type ReviewWithWorkflow = Review & { workflow: ReviewWorkflowState | null };

export const REVIEW_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'adjusted',
] as const satisfies readonly ReviewStatus[];

export type ReviewDecision =
  | { kind: 'approve'; comment?: string }
  | { kind: 'reject'; reason: string }
  | { kind: 'adjust'; amount: string; reason: string };

export async function listReviews(
  filter: { status?: ReviewStatus } = {},
  options: CallOptions = {},
): Promise<Review[]> {
  const { items } = await call(api.GET('/api/reviews', { params: { query: query(filter) }, ...init(options) }));
  return items;
}

export function getReview(id: string, options: CallOptions = {}): Promise<ReviewWithWorkflow> {
  return call(api.GET('/api/reviews/{id}', { params: { path: { id } }, ...init(options) }));
}

export function decideReview(id: string, decision: ReviewDecision): Promise<Review> {
  const path = { path: { id } };
  switch (decision.kind) {
    case 'approve':
      return call(
        api.POST('/api/reviews/{id}/approve', {
          params: path,
          body: decision.comment ? { comment: decision.comment } : {},
        }),
      );
    case 'reject':
      return call(api.POST('/api/reviews/{id}/reject', { params: path, body: { reason: decision.reason } }));
    case 'adjust':
      return call(
        api.POST('/api/reviews/{id}/adjust', {
          params: path,
          body: { amount: decision.amount, reason: decision.reason },
        }),
      );
  }
}
