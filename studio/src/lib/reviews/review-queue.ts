// The reviews queue's filter lives in the URL (`/reviews?status=pending`); pending is what a reviewer
// opens the queue for, so it is the default, and `?status=any` shows every review.
import { REVIEW_STATUSES, type ReviewStatus } from '../api/reviews.ts';

export const REVIEWS_DEPENDENCY = 'app:reviews';
export const REVIEW_STATUS_PARAM = 'status';
/** the value that lists every status (not 'all': the filter's unset option is keyed so) */
export const ALL = 'any';

/** The status to list: pending unless the URL asks for another or for all (undefined). */
export function parseReviewStatus(value: string | null): ReviewStatus | undefined {
  if (value === ALL) return undefined;
  return (REVIEW_STATUSES as readonly string[]).includes(value ?? '') ? (value as ReviewStatus) : 'pending';
}
