// Loads the reviews queue for the status in the URL (pending unless asked otherwise). A failure becomes
// part of the page data so the shell stays usable and the next refresh can recover.
import { isRedirect } from '@sveltejs/kit';
import { listReviews, type Review } from '#lib/api/reviews.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { parseReviewStatus, REVIEW_STATUS_PARAM, REVIEWS_DEPENDENCY } from '#lib/reviews/review-queue.ts';
import type { PageLoad } from './$types';

interface ReviewsPageData {
  status: Review['status'] | undefined;
  reviews: Review[];
  error: ErrorInfo | null;
  loadedAt: string;
}

export const load: PageLoad = async ({ fetch, url, depends }): Promise<ReviewsPageData> => {
  depends(REVIEWS_DEPENDENCY);
  const status = parseReviewStatus(url.searchParams.get(REVIEW_STATUS_PARAM));
  const loadedAt = new Date().toISOString();
  try {
    return { status, reviews: await listReviews({ status }, { fetch }), error: null, loadedAt };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { status, reviews: [], error: toErrorInfo(error), loadedAt };
  }
};
