// backtestWorkflow's own decisions on a real Temporal dev server: what it records when it is cancelled while a
// batch is in flight, and when a batch keeps failing. The activities here stand in for the database work (which
// engine/test/backtest.sqlite.int.test.ts runs for real) so that the moment of cancellation is under the test's
// control rather than a race.
import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../src/dev-server/index.ts';
import { backtestProgressQuery, backtestWorkflowId } from '../src/shared/index.ts';
import { workflowsPath } from '../src/worker.ts';

type Batch = { backtestId: string; period: string; firstEmployeeId: string; lastEmployeeId: string; size: number };
type Finished = { backtestId: string; status: string; error?: string | null };

const TASK_QUEUE = 'backtest-workflow-test';
const batches = (periods: string[]) =>
  periods.map((period) => ({ period, firstEmployeeId: 'a', lastEmployeeId: 'z', size: 10 }));

describe('backtestWorkflow', () => {
  let server: DevServer;
  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {}
    server = await startDevServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function run(evaluate: (batch: Batch) => Promise<{ evaluated: number; inserted: number }>, periods: string[]) {
    const finished: Finished[] = [];
    const worker = await Worker.create({
      connection: server.env.nativeConnection,
      namespace: server.namespace,
      taskQueue: TASK_QUEUE,
      workflowsPath,
      activities: {
        planBacktest: async () => ({ batches: batches(periods), total: periods.length * 10 }),
        evaluateBacktestBatch: evaluate,
        finishBacktest: async (input: Finished) => {
          finished.push(input);
          return { status: input.status };
        },
      },
    });
    return { worker, finished };
  }

  it('records a cancellation, even while a batch is still running', async () => {
    const { worker, finished } = await run(
      async (batch) => {
        if (batch.period !== 'slow') return { evaluated: 10, inserted: 10 };
        // heartbeats until the cancellation reaches it
        const context = Context.current();
        for (;;) {
          context.heartbeat();
          await Promise.race([context.cancelled, context.sleep(100)]);
        }
      },
      ['2026-09', 'slow', '2026-10'],
    );
    const workflowId = backtestWorkflowId(`cancel-${Date.now()}`);
    await worker.runUntil(async () => {
      const handle = await server.env.client.workflow.start('backtestWorkflow', {
        taskQueue: TASK_QUEUE,
        workflowId,
        args: [{ backtestId: 'b-1' }],
      });
      // the two quick batches are done and the slow one is in flight
      for (;;) {
        const progress = await handle.query(backtestProgressQuery);
        if (progress.done === 20) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await handle.query(backtestProgressQuery)).toEqual({ done: 20, total: 30, status: 'running' });
      await handle.cancel();
      const failure = await handle.result().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      expect(await handle.query(backtestProgressQuery)).toMatchObject({ status: 'cancelled' });
    });
    expect(finished).toEqual([{ backtestId: 'b-1', status: 'cancelled' }]);
  });

  it('records a failure with the error of a batch that keeps failing', async () => {
    const { worker, finished } = await run(async () => {
      throw ApplicationFailure.nonRetryable('the version’s payout rule cannot be evaluated');
    }, ['2026-09']);
    await worker.runUntil(async () => {
      const failure = await server.env.client.workflow
        .execute('backtestWorkflow', {
          taskQueue: TASK_QUEUE,
          workflowId: backtestWorkflowId(`fail-${Date.now()}`),
          args: [{ backtestId: 'b-2' }],
        })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
    });
    expect(finished).toEqual([
      { backtestId: 'b-2', status: 'failed', error: 'the version’s payout rule cannot be evaluated' },
    ]);
  });
});
