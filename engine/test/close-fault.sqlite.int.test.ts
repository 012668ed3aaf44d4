// Fault test: a period close of 2,000 employees survives the worker's SIGKILL. The worker runs as a process of
// its own (`node workflows/src/main.ts`) on the test's Temporal dev server and SQLite file; it is killed once the
// first batch's bonus lines are committed, a new worker takes over, and the close completes with exactly one
// bonus line and one evaluation alert per employee. Then a close whose lines wait for a manager's review is cut
// short the same way: every line gets one review and every review exactly one workflow.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevServer, startDevServer } from '@yardstick/workflows/dev-server';
import { closeWorkflowId, reviewWorkflowId, type SchemeDefinition, TASK_QUEUE } from '@yardstick/workflows/shared';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/db/entities/base.ts';
import {
  Alert,
  BonusRecord,
  Department,
  Employee,
  Evaluation,
  Review,
  Scheme,
  SchemeVersion,
} from '../src/db/index.ts';
import { DEMO_SCHEME_DEFINITION } from '../src/db/seed/demo-data.ts';
import { type RunningEngine, startEngine } from '../src/engine.ts';
import { loadEngineEnv } from '../src/env.ts';
import { eventually } from './stack.ts';
import { startWorkerProcess, type WorkerProcess } from './worker-process.ts';

const EMPLOYEES = 2000;
const PERIOD = '2026-11';
/** employees of the second case, whose lines wait for a manager's review */
const REVIEWED = 300;

const DEFINITION: SchemeDefinition = {
  ...DEMO_SCHEME_DEFINITION,
  // approved when proposed: the period locks as soon as every line is written
  reviewPolicy: { required: false, reviewerRole: 'manager', deadlineDays: 5 },
  alertRules: [
    {
      id: 'evaluated',
      name: { en: 'Evaluated', ru: 'Рассчитано' },
      on: ['evaluation'],
      severity: 'info',
      when: { '>=': [{ var: 'achievement' }, 0] },
      message: { en: 'evaluated', ru: 'рассчитано' },
    },
  ],
};

describe('a period close survives a killed worker', () => {
  let dir: string;
  let temporal: DevServer;
  let engine: RunningEngine;
  let databaseUrl: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yardstick-close-fault-'));
    databaseUrl = `sqlite:${join(dir, 'yardstick.db')}`;
    temporal = await startDevServer();
    engine = await startEngine(
      loadEngineEnv({
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: temporal.address,
        YARDSTICK_DEMO: 'true',
        STUDIO_DIR: '/nonexistent',
      }),
      { logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) },
    );
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await worker.kill('SIGKILL');
    await engine?.stop();
    await temporal?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes with one bonus line and one alert per employee', async () => {
    const em = engine.orm.em.fork();
    const department = await em.findOneOrFail(Department, { key: 'moscow-b2b' });
    await insertSalesStaff(em, department.id, 'Fault', EMPLOYEES);
    const demo = await em.findOneOrFail(SchemeVersion, { version: 1 });
    demo.status = 'archived';
    const version = em.create(SchemeVersion, {
      id: newId(),
      scheme: demo.scheme,
      version: 2,
      status: 'active',
      effectiveFrom: '2026-10-01',
      effectiveTo: null,
      definition: DEFINITION,
      publishedAt: new Date(),
    });
    await em.flush();

    workers.push(await startWorkerProcess({ DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address }));
    const handle = await temporal.env.client.workflow.start('evaluateSchemeWorkflow', {
      workflowId: closeWorkflowId(version.id, PERIOD),
      taskQueue: TASK_QUEUE,
      args: [{ schemeVersionId: version.id, mode: 'close', period: PERIOD }],
    });

    // partway: the first batch committed its lines
    let linesAtKill = 0;
    while (linesAtKill === 0) {
      linesAtKill = await em.fork().count(BonusRecord, { schemeVersion: version.id, period: PERIOD });
      if (linesAtKill === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await workers[0]?.kill('SIGKILL');
    expect(linesAtKill).toBeLessThan(EMPLOYEES);

    workers.push(await startWorkerProcess({ DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address }));
    const result = (await handle.result()) as { participants: number; locked: boolean };
    expect(result.locked).toBe(true);
    expect(result.participants).toBeGreaterThanOrEqual(EMPLOYEES);

    const check = engine.orm.em.fork();
    const lines = await check.find(
      BonusRecord,
      { schemeVersion: version.id, period: PERIOD },
      { fields: ['employee'] },
    );
    expect(lines).toHaveLength(result.participants);
    expect(new Set(lines.map((l) => l.employee)).size).toBe(result.participants);
    const alerts = await check.find(Alert, { schemeVersion: version.id, period: PERIOD }, { fields: ['employee'] });
    expect(alerts).toHaveLength(result.participants);
    expect(new Set(alerts.map((a) => a.employee)).size).toBe(result.participants);
    expect(await check.count(Evaluation, { schemeVersion: version.id, period: PERIOD, mode: 'close' })).toBe(
      result.participants,
    );
  }, 300_000);

  it('starts one review workflow per line under review, however the batches were cut short', async () => {
    const em = engine.orm.em.fork();
    const department = em.create(Department, {
      id: newId(),
      key: 'fault-reviews',
      name: 'Fault reviews',
      parent: null,
    });
    await em.flush();
    const ids = await insertSalesStaff(em, department.id, 'Reviewed', REVIEWED);
    const scheme = em.create(Scheme, {
      id: newId(),
      name: { en: 'Reviewed', ru: 'С согласованием' },
      description: null,
    });
    const version = em.create(SchemeVersion, {
      id: newId(),
      scheme: scheme.id,
      version: 1,
      status: 'active',
      effectiveFrom: '2026-10-01',
      effectiveTo: null,
      definition: {
        ...DEFINITION,
        scope: { departments: ['fault-reviews'], roles: [], employees: [] },
        reviewPolicy: { required: true, reviewerRole: 'manager', deadlineDays: 5 },
      },
      publishedAt: new Date(),
    });
    await em.flush();

    // one worker of its own (the previous case's, if any, drains away)
    for (const worker of workers) await worker.kill('SIGTERM');
    workers.push(await startWorkerProcess({ DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address }));
    await temporal.env.client.workflow.start('evaluateSchemeWorkflow', {
      workflowId: closeWorkflowId(version.id, PERIOD),
      taskQueue: TASK_QUEUE,
      args: [{ schemeVersionId: version.id, mode: 'close', period: PERIOD }],
    });
    // partway: the first batch's reviews are open, their workflows being started
    while ((await em.fork().count(Review, { employee: { $in: ids } })) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await workers.at(-1)?.kill('SIGKILL');
    workers.push(await startWorkerProcess({ DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address }));

    const reviews = await eventually(async () => {
      const rows = await engine.orm.em
        .fork()
        .find(Review, { employee: { $in: ids } }, { fields: ['id', 'bonusRecord'] });
      return rows.length === REVIEWED ? rows : undefined;
    }, 120_000);
    expect(new Set(reviews.map((r) => r.bonusRecord)).size).toBe(REVIEWED);
    // exactly one workflow per review: Temporal's visibility lists each id once
    const workflowIds = await eventually(async () => {
      const listed: string[] = [];
      for await (const execution of temporal.env.client.workflow.list({
        query: `WorkflowType = 'bonusReviewWorkflow'`,
      })) {
        listed.push(execution.workflowId);
      }
      return listed.length >= REVIEWED ? listed : undefined;
    }, 120_000);
    expect(workflowIds).toHaveLength(REVIEWED);
    expect(new Set(workflowIds)).toEqual(new Set(reviews.map((r) => reviewWorkflowId(r.id))));
  }, 300_000);
});

/** Adds `count` sales employees to a department in one insert; answers their ids. */
async function insertSalesStaff(
  em: ReturnType<RunningEngine['orm']['em']['fork']>,
  departmentId: string,
  name: string,
  count: number,
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId());
  await em.insertMany(
    Employee,
    ids.map((id, i) => ({
      id,
      name: `${name} ${i}`,
      email: null,
      role: 'sales',
      department: departmentId,
      manager: null,
      team: null,
      baseBonusMinor: '5000000',
      baseBonusCurrency: null,
      hiredOn: null,
      leftOn: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    })),
  );
  return ids;
}
