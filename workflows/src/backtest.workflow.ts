// An on-demand backtest: evaluates a scheme version over past periods from the stored event history, in
// batches of participants with bounded parallelism, and ends the `backtest` row completed, failed or cancelled.
// Progress is in the row (for the API) and in the `progress` query.
import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createActivities } from './activities/index.ts';
import {
  BACKTEST_PARALLELISM,
  type BacktestInput,
  type BacktestProgress,
  backtestProgressQuery,
} from './shared/index.ts';

type Activities = ReturnType<typeof createActivities>;

const { planBacktest, finishBacktest } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

// a batch that keeps failing fails the backtest rather than retrying for ever
const { evaluateBacktestBatch } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

export async function backtestWorkflow(input: BacktestInput): Promise<BacktestProgress> {
  const progress: BacktestProgress = { done: 0, total: 0, status: 'planning' };
  setHandler(backtestProgressQuery, () => ({ ...progress }));

  try {
    const plan = await planBacktest({ backtestId: input.backtestId });
    progress.total = plan.total;
    progress.status = 'running';
    const queue = [...plan.batches];
    const lane = async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        const { evaluated } = await evaluateBacktestBatch({ backtestId: input.backtestId, ...batch });
        progress.done += evaluated;
      }
    };
    await Promise.all(Array.from({ length: Math.min(BACKTEST_PARALLELISM, queue.length) }, lane));
    await finishBacktest({ backtestId: input.backtestId, status: 'completed' });
    progress.status = 'completed';
    return progress;
  } catch (error) {
    if (isCancellation(error)) {
      // the scope is cancelled: recording the outcome must not be
      await CancellationScope.nonCancellable(() =>
        finishBacktest({ backtestId: input.backtestId, status: 'cancelled' }),
      );
      progress.status = 'cancelled';
      throw error;
    }
    await finishBacktest({ backtestId: input.backtestId, status: 'failed', error: messageOf(error) });
    progress.status = 'failed';
    throw ApplicationFailure.nonRetryable(`Backtest ${input.backtestId} failed: ${messageOf(error)}`);
  }
}

/** The innermost cause: an activity failure wraps the error the activity threw. */
function messageOf(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  while (current?.cause) current = current.cause as typeof current;
  return current?.message ?? String(error);
}
