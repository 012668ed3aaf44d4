// The evaluate-scheme workflow's own logic on the time-skipping test server, with its activities standing in for
// the database (the database side is tested in engine/src/modules/scheme-runs and on the whole stack): at most
// BATCHES_IN_FLIGHT batches at once, each once; a close waiting for its reviews checks them every hour without a
// signal and locks; a scheduled close (no period) hands its period to the one close workflow, and a second one
// finds it.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServerExecutable } from '../src/dev-server/index.ts';
import { BATCHES_IN_FLIGHT, type evaluateSchemeWorkflow } from '../src/evaluate-scheme.workflow.ts';
import { closeWorkflowId } from '../src/shared/index.ts';
import { runPeriodAt } from '../src/shared/scheme-period.ts';
import { workflowsPath } from '../src/worker.ts';

const TASK_QUEUE = 'evaluate-scheme-timers';
const BATCHES = 10;

function fakeActivities(options: { checksUntilDecided: number }) {
  const state = { inFlight: 0, maxInFlight: 0, evaluated: [] as string[], lockChecks: 0 };
  const activities = {
    async schemeRunSetting() {
      return { periodKind: 'month', status: 'active', timeZone: 'Europe/Moscow' };
    },
    async snapshotScheme() {
      return {
        schemeId: 's',
        status: 'active',
        periodKind: 'month',
        participants: BATCHES * 2,
        batches: Array.from({ length: BATCHES }, (_, i) => ({ from: `e${i}a`, to: `e${i}b`, size: 2 })),
      };
    },
    async beginClose() {
      return { status: 'closing' };
    },
    async evaluateBatch(input: { range: { from: string } }) {
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      state.evaluated.push(input.range.from);
      state.inFlight -= 1;
      return { evaluated: 2, alertsRaised: 1, proposed: 2, reviews: 2 };
    },
    async closeProposed() {
      return { proposed: BATCHES * 2, reviews: BATCHES * 2, pending: BATCHES * 2 };
    },
    async lockPeriodIfDecided() {
      state.lockChecks += 1;
      return state.lockChecks >= options.checksUntilDecided;
    },
  };
  return { state, activities };
}

describe('evaluateSchemeWorkflow on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: await testServerExecutable() } });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('evaluates each batch once, a bounded number at a time, and locks after an hourly check', async () => {
    const { state, activities } = fakeActivities({ checksUntilDecided: 3 });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowsPath,
      activities,
    });
    const started = await env.currentTimeMs();
    const result = await worker.runUntil(
      env.client.workflow.execute<typeof evaluateSchemeWorkflow>('evaluateSchemeWorkflow', {
        taskQueue: TASK_QUEUE,
        workflowId: closeWorkflowId('v1', '2026-10'),
        args: [{ schemeVersionId: 'v1', mode: 'close', period: '2026-10' }],
      }),
    );
    expect(result).toMatchObject({ period: '2026-10', asOf: '2026-10-31T21:00:00.000Z', locked: true, proposed: 20 });
    expect(state.evaluated.sort()).toStrictEqual(Array.from({ length: BATCHES }, (_, i) => `e${i}a`).sort());
    expect(state.maxInFlight).toBeGreaterThan(1);
    expect(state.maxInFlight).toBeLessThanOrEqual(BATCHES_IN_FLIGHT);
    // checked at once, then after each hour with no signal: two hours of workflow time
    expect(state.lockChecks).toBe(3);
    expect((await env.currentTimeMs()) - started).toBeGreaterThanOrEqual(2 * 3_600_000);
  });

  it('hands a scheduled close to the period’s close workflow once', async () => {
    const { activities } = fakeActivities({ checksUntilDecided: 1 });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowsPath,
      activities,
    });
    await worker.runUntil(async () => {
      const launch = (id: string) =>
        env.client.workflow.execute<typeof evaluateSchemeWorkflow>('evaluateSchemeWorkflow', {
          taskQueue: TASK_QUEUE,
          workflowId: id,
          args: [{ schemeVersionId: 'v2', mode: 'close', timeZone: 'Europe/Moscow' }],
        });
      const first = await launch('scheduled-close-1');
      // started without a schedule, the run falls back to its start time
      const expected = runPeriodAt('month', 'close', new Date(await env.currentTimeMs()), 'Europe/Moscow');
      expect(first).toMatchObject({ period: expected.period.key, asOf: expected.asOf });
      expect(first.alreadyClosed).toBeUndefined();
      const closed = await env.client.workflow.getHandle(closeWorkflowId('v2', expected.period.key)).result();
      expect(closed).toMatchObject({ period: expected.period.key, locked: true });
      expect(await launch('scheduled-close-2')).toMatchObject({ period: expected.period.key, alreadyClosed: true });
    });
  });
});
