// What the engine and `backtestWorkflow` share: the input, the progress query and its answer.
import { defineQuery } from '@temporalio/workflow';

/** The input of `backtestWorkflow`: the `backtest` row holds the version and periods. */
export interface BacktestInput {
  backtestId: string;
}

export interface BacktestProgress {
  /** participants evaluated so far */
  done: number;
  /** participants planned over every period; 0 until the plan is made */
  total: number;
  status: 'planning' | 'running' | 'completed' | 'failed' | 'cancelled';
}

/** How far the backtest is: answered by the workflow while it runs, and from its history afterwards. */
export const backtestProgressQuery = defineQuery<BacktestProgress>('progress');

/** evaluation activities in flight at once per backtest */
export const BACKTEST_PARALLELISM = 4;
