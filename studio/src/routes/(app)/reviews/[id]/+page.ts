// One review: its line, its workflow's state (reminders, escalation, next action), and the line's
// statement context (the KPI values and the rule trace explained) so the reviewer knows what they decide.
import { isRedirect } from '@sveltejs/kit';
import { getStatement, type StatementLine } from '#lib/api/ledger.ts';
import { getReview, type ReviewWithWorkflow } from '#lib/api/reviews.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { REVIEWS_DEPENDENCY } from '#lib/reviews/review-queue.ts';
import type { PageLoad } from './$types';

interface ReviewPageData {
  review: ReviewWithWorkflow | null;
  /** the line as the employee's statement shows it: evaluation inputs, outputs, explanation */
  line: StatementLine | null;
  /** the other lines of the same employee and period (adjustments, clawbacks, other schemes) */
  others: StatementLine[];
  error: ErrorInfo | null;
  loadedAt: string;
}

export const load: PageLoad = async ({ fetch, params, depends }): Promise<ReviewPageData> => {
  depends(REVIEWS_DEPENDENCY);
  const loadedAt = new Date().toISOString();
  try {
    const review = await getReview(params.id, { fetch });
    const statement = await getStatement(review.bonus.employee.id, review.bonus.period, { fetch }).catch(
      (error: unknown) => {
        if (isRedirect(error)) throw error;
        return null; // the review is still decidable without its context
      },
    );
    const lines = statement?.lines ?? [];
    const line = lines.find((l) => l.id === review.bonus.id) ?? null;
    return { review, line, others: lines.filter((l) => l.id !== review.bonus.id), error: null, loadedAt };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { review: null, line: null, others: [], error: toErrorInfo(error), loadedAt };
  }
};
