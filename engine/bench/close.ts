// Period close through Temporal, end to end: N employees × a 20-rule scheme (a payout over five KPI lines and
// 19 evaluation alert rules) over 100 events per employee (1,000,000 at 10,000), on a SQLite file and the
// Temporal dev server, with the worker's real workflow bundle and activities. Beside it, in the same run and on
// a copy of the same database: the same activities called directly in one loop, with no Temporal at all. The
// difference is what Temporal costs; the direct run's timings split the rest between the database and the
// rules. Run: npm run bench -w @yardstick/engine -- close   (BENCH_CLOSE_SIZES=1000,5000 to choose sizes)
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { kpiCoefficients } from '@yardstick/rules';
import { createWorker } from '@yardstick/workflows';
import { startDevServer } from '@yardstick/workflows/dev-server';
import { closeWorkflowId, type SchemeDefinition } from '@yardstick/workflows/shared';
import { newId } from '../src/db/entities/base.ts';
import { Alert, BonusRecord, Evaluation, Organization, Scheme, SchemeVersion } from '../src/db/index.ts';
import { initORM, type Orm } from '../src/db/orm.ts';
import { evaluateBatch, snapshotRun } from '../src/modules/scheme-runs/scheme-runs.service.ts';
import { loadDataset, METRICS, PERIOD, TIME_ZONE } from './dataset.ts';
import { machineLine } from './sqlite-file.ts';

const SIZES = (process.env.BENCH_CLOSE_SIZES ?? '1000,5000,10000').split(',').map(Number);
const EVENTS_PER_EMPLOYEE = 100;

const LINES = [
  { metric: 'won_amount', weight: 0.4, threshold: 0.8, cap: 1.5 },
  { metric: 'deals_won', weight: 0.2, threshold: 0.5, cap: 1.3 },
  { metric: 'deals_created', weight: 0.1, threshold: 0.5, cap: 1.2 },
  { metric: 'calls', weight: 0.1, threshold: 0.6, cap: 1.2 },
  { metric: 'conversion', weight: 0.2, threshold: 0.7, cap: 1.2 },
];

/** 19 evaluation rules: three bands per KPI line and four on the weighted achievement. */
function alertRules(): SchemeDefinition['alertRules'] {
  const rule = (id: string, when: unknown): SchemeDefinition['alertRules'][number] => ({
    id,
    name: { en: id, ru: id },
    on: ['evaluation'],
    severity: 'warning',
    when,
    message: { en: `{{employee.name}}: ${id}`, ru: `{{employee.name}}: ${id}` },
  });
  const attainment = (metric: string) => ({ var: `kpi.${metric}.attainment` });
  return [
    ...LINES.flatMap((line) => [
      rule(`${line.metric}-below-half`, { '<': [attainment(line.metric), 0.5] }),
      rule(`${line.metric}-below-threshold`, { '<': [attainment(line.metric), line.threshold] }),
      rule(`${line.metric}-above-cap`, { '>': [attainment(line.metric), line.cap] }),
    ]),
    rule('achievement-below-half', { '<': [{ var: 'achievement' }, 0.5] }),
    rule('achievement-below-plan', { '<': [{ var: 'achievement' }, 1] }),
    rule('achievement-above-plan', { '>': [{ var: 'achievement' }, 1] }),
    rule('achievement-zero', { '==': [{ var: 'achievement' }, 0] }),
  ];
}

const DEFINITION: SchemeDefinition = {
  scope: { departments: [], roles: [], employees: [] },
  periodKind: 'month',
  alertRules: alertRules(),
  kpis: LINES,
  payout: kpiCoefficients({ lines: LINES, currency: 'RUB' }),
  currency: 'RUB',
  // approved when proposed: a review per employee is a workflow per employee, measured apart from the close
  reviewPolicy: { required: false, reviewerRole: 'manager', deadlineDays: 5 },
  proration: 'none',
};

interface Row {
  employees: number;
  events: number;
  temporal: number;
  direct: number;
  readMs: number;
  rulesMs: number;
  writeMs: number;
  lines: number;
  alerts: number;
  check: string;
}

async function prepare(file: string, employees: number): Promise<string> {
  const orm = await initORM(`sqlite:${file}`);
  try {
    await loadDataset(orm, 'sqlite', { employees, events: employees * EVENTS_PER_EMPLOYEE });
    const em = orm.em.fork();
    em.create(Organization, {
      id: 1,
      name: 'Bench',
      currency: 'RUB',
      timeZone: TIME_ZONE,
      locale: 'ru',
      weekend: [6, 7],
    });
    const scheme = em.create(Scheme, {
      id: newId(),
      name: { en: 'Close benchmark', ru: 'Бенчмарк закрытия' },
      description: null,
    });
    const version = em.create(SchemeVersion, {
      id: newId(),
      scheme: scheme.id,
      version: 1,
      status: 'active',
      effectiveFrom: PERIOD.start,
      effectiveTo: null,
      definition: DEFINITION,
      publishedAt: new Date(),
    });
    await em.flush();
    await orm.em.getConnection().execute('pragma wal_checkpoint(truncate)');
    return version.id;
  } finally {
    await orm.close();
  }
}

async function closeThroughTemporal(orm: Orm, versionId: string, taskQueue: string): Promise<number> {
  const temporal = await devServer;
  const worker = await createWorker({
    connection: temporal.env.nativeConnection,
    namespace: temporal.namespace,
    orm,
    taskQueue,
  });
  const running = worker.run();
  try {
    const started = performance.now();
    const result = (await temporal.env.client.workflow.execute('evaluateSchemeWorkflow', {
      workflowId: closeWorkflowId(versionId, PERIOD.key),
      taskQueue,
      args: [{ schemeVersionId: versionId, mode: 'close', period: PERIOD.key }],
    })) as { locked?: boolean };
    const seconds = (performance.now() - started) / 1000;
    if (!result.locked) throw new Error('the close did not lock its period');
    return seconds;
  } finally {
    worker.shutdown();
    await running;
  }
}

/** The same batches, one after another in this process: what the close costs without Temporal. */
async function closeDirectly(orm: Orm, versionId: string) {
  const started = performance.now();
  const input = { schemeVersionId: versionId, period: PERIOD.key };
  const snapshot = await snapshotRun(orm.em.fork(), input);
  const timings = { readMs: 0, rulesMs: 0, writeMs: 0 };
  for (const batch of snapshot.batches) {
    const result = await evaluateBatch(orm.em.fork(), {
      ...input,
      mode: 'close',
      asOf: new Date(`${PERIOD.end}T21:00:00Z`).toISOString(),
      range: batch,
    });
    timings.readMs += result.timings.readMs;
    timings.rulesMs += result.timings.rulesMs;
    timings.writeMs += result.timings.writeMs;
  }
  return { seconds: (performance.now() - started) / 1000, ...timings };
}

async function measure(employees: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'yardstick-bench-close-'));
  try {
    const viaTemporal = join(dir, 'temporal.sqlite');
    const direct = join(dir, 'direct.sqlite');
    const versionId = await prepare(viaTemporal, employees);
    copyFileSync(viaTemporal, direct);

    const orm = await initORM(`sqlite:${viaTemporal}`);
    let temporalSeconds: number;
    let lines: number;
    let alerts: number;
    let evaluations: number;
    try {
      temporalSeconds = await closeThroughTemporal(orm, versionId, `bench-close-${employees}`);
      const em = orm.em.fork();
      lines = await em.count(BonusRecord, { schemeVersion: versionId, period: PERIOD.key });
      alerts = await em.count(Alert, { schemeVersion: versionId, period: PERIOD.key });
      evaluations = await em.count(Evaluation, { schemeVersion: versionId, period: PERIOD.key, mode: 'close' });
    } finally {
      await orm.close();
    }

    const directOrm = await initORM(`sqlite:${direct}`);
    let baseline: Awaited<ReturnType<typeof closeDirectly>>;
    let directLines: number;
    try {
      baseline = await closeDirectly(directOrm, versionId);
      directLines = await directOrm.em.fork().count(BonusRecord, { schemeVersion: versionId, period: PERIOD.key });
    } finally {
      await directOrm.close();
    }
    const check =
      lines === employees && evaluations === employees && directLines === employees
        ? 'one line per employee'
        : `MISMATCH lines ${lines}, evaluations ${evaluations}, direct lines ${directLines} of ${employees}`;
    return {
      employees,
      events: employees * EVENTS_PER_EMPLOYEE,
      temporal: temporalSeconds,
      direct: baseline.seconds,
      readMs: baseline.readMs,
      rulesMs: baseline.rulesMs,
      writeMs: baseline.writeMs,
      lines,
      alerts,
      check,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // installed by an earlier benchmark in this process
}
const devServer = startDevServer();
const rows: Row[] = [];
try {
  for (const size of SIZES) rows.push(await measure(size));
} finally {
  await (await devServer).stop();
}

console.log(machineLine());
console.log(
  `Period close of ${PERIOD.key}: a scheme of ${LINES.length} KPI lines, a payout rule and ${DEFINITION.alertRules.length} evaluation alert rules (${METRICS.length} metrics), ${EVENTS_PER_EMPLOYEE} events per employee; Temporal dev server, SQLite file, worker in process\n`,
);
console.log(
  '| employees | events | close via Temporal (s) | employees/s | same activities, no Temporal (s) | ratio | database | rules | Temporal | lines | alerts | check |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of rows) {
  const share = (ms: number) => `${Math.round((ms / 1000 / r.temporal) * 100)}%`;
  const temporalShare = `${Math.max(0, Math.round(((r.temporal - r.direct) / r.temporal) * 100))}%`;
  console.log(
    `| ${r.employees.toLocaleString('en')} | ${r.events.toLocaleString('en')} | ${r.temporal.toFixed(1)} | ${Math.round(r.employees / r.temporal).toLocaleString('en')} | ${r.direct.toFixed(1)} | ${(r.temporal / r.direct).toFixed(2)}× | ${share(r.readMs + r.writeMs)} | ${share(r.rulesMs)} | ${temporalShare} | ${r.lines.toLocaleString('en')} | ${r.alerts.toLocaleString('en')} | ${r.check} |`,
  );
}
console.log(
  '\ndatabase = reading participants and KPI actuals + writing evaluations, alerts and lines; rules = evaluating the scheme; both measured in the direct run, as shares of the close via Temporal; Temporal = the rest: the workflow, its activities’ round trips, and the notify workflows announcing the alerts (one per 100 alerts) on the same worker.',
);
