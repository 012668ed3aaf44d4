// Workflow ids and cross-workflow messages: one place, so that the engine, activities and workflows that
// start or signal each other agree on names.
import { defineSignal } from '@temporalio/workflow';

/** The period-close run of a scheme version: one per (version, period); a second start is refused. */
export const closeWorkflowId = (schemeVersionId: string, period: string): string =>
  `close/${schemeVersionId}/${period}`;

/** The review of one proposed bonus line. */
export const reviewWorkflowId = (reviewId: string): string => `review/${reviewId}`;

/** The input of `bonusReviewWorkflow`. */
export interface BonusReviewInput {
  reviewId: string;
}

/** A review of the period was decided: sent by the review workflow to its close workflow, which then checks
 *  whether every review of the period is done and locks the period. */
export const reviewDecidedSignal = defineSignal<[{ reviewId: string }]>('reviewDecided');

/** An on-demand backtest of a draft version. */
export const backtestWorkflowId = (backtestId: string): string => `backtest/${backtestId}`;
