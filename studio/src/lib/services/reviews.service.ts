// Deciding a review: calls the API, refreshes the queue, the review and the ledger, and confirms in the
// corner. A refusal (403, 409, 422) is thrown to the form, which shows it at the field.
import { invalidate } from '$app/navigation';
import { decideReview, type Review, type ReviewDecision } from '../api/reviews.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { LEDGER_DEPENDENCY } from '../ledger/ledger-filter.ts';
import { notifications } from '../notifications/notifications.svelte.ts';
import { REVIEWS_DEPENDENCY } from '../reviews/review-queue.ts';

const DONE = {
  approve: 'reviews.done.approved',
  reject: 'reviews.done.rejected',
  adjust: 'reviews.done.adjusted',
} as const;

export async function decide(review: Review, decision: ReviewDecision): Promise<Review> {
  const decided = await decideReview(review.id, decision);
  notifications.show('success', t(DONE[decision.kind], { name: review.bonus.employee.name }));
  await Promise.all([invalidate(REVIEWS_DEPENDENCY), invalidate(LEDGER_DEPENDENCY)]);
  return decided;
}
