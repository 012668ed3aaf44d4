// @yardstick/rules inside a real Temporal workflow bundle, on the time-skipping test server: the
// bundler must accept it (no eval, no Node built-ins) and the sandbox must run it deterministically.

import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { testServerExecutable } from '@yardstick/workflows/dev-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiCardTemplates } from '../src/index.ts';
import type { rulesProbeWorkflow } from './rules.workflow.ts';

const workflowsPath = fileURLToPath(new URL('./rules.workflow.ts', import.meta.url));

describe('rules in a Temporal workflow bundle', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: await testServerExecutable() } });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('bundles without eval or Node built-ins', async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath,
      logger: { ...console, trace() {}, debug() {}, info() {}, log() {} } as never,
    });
    expect(bundle.code).toContain('rulesProbeWorkflow');
    expect(bundle.code).not.toMatch(/\bnew Function\(/);
    expect(bundle.code).not.toMatch(/[^.\w]eval\(/);
  });

  it('evaluates, explains and validates inside the workflow sandbox', async () => {
    const card = kpiCardTemplates.find((t) => t.id === 'kpi-coefficients');
    if (!card) throw new Error('template missing');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'rules-bundle-test',
      workflowsPath,
    });
    const result = await worker.runUntil(
      env.client.workflow.execute<typeof rulesProbeWorkflow>('rulesProbeWorkflow', {
        taskQueue: 'rules-bundle-test',
        workflowId: `rules-probe-${Date.now()}`,
        args: [[card.example.context, { ...card.example.context, kpi: {} }]],
      }),
    );
    expect(result).toStrictEqual({
      valid: true,
      payouts: [card.example.payout, '0.00'],
      alert: true,
      references: {
        vars: [
          'employee.base_bonus',
          'kpi.calls.actual',
          'kpi.calls.plan',
          'kpi.conversion.actual',
          'kpi.conversion.plan',
          'kpi.won_amount.actual',
          'kpi.won_amount.plan',
        ],
        kpis: ['calls', 'conversion', 'won_amount'],
        dynamic: false,
      },
      why: expect.stringContaining('ниже порога 0,9 → 0'),
      thrown: 'rule.thrown:no_plan',
    });
  });
});
