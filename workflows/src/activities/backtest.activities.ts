// The backtest workflow's activities: plan the participants per period, evaluate a batch (insert-if-absent,
// heartbeating), and end the run with its totals.
import { Context } from '@temporalio/activity';
import { type BacktestBatch, evaluateBacktestBatch, finishBacktest, planBacktest } from '@yardstick/engine/backtests';
import type { ActivityDeps } from './deps.ts';

export function createBacktestActivities({ orm }: ActivityDeps) {
  return {
    /** The batches of participants per period; also stores the total to do. */
    async planBacktest(input: { backtestId: string }) {
      return planBacktest(orm.em.fork(), input.backtestId);
    },

    /** Evaluates one batch; a retry after a commit stores nothing new. */
    async evaluateBacktestBatch(input: BacktestBatch & { backtestId: string }) {
      const context = Context.current();
      return evaluateBacktestBatch(orm.em.fork(), input, () => context.heartbeat());
    },

    /** Marks the backtest completed, failed or cancelled (unless it already ended) with per-period totals. */
    async finishBacktest(input: {
      backtestId: string;
      status: 'completed' | 'failed' | 'cancelled';
      error?: string | null;
    }) {
      const { status } = await finishBacktest(orm.em.fork(), input);
      return { status };
    },
  };
}
