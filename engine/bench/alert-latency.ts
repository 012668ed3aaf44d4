// Webhook → alert latency on the running system, as `npm start` runs it: a Temporal dev server (SQLite file), the
// engine process and the worker process on one SQLite file, with the demo company. 1,000 signed generic events,
// each a lost deal big enough for the demo scheme's "big deal lost" rule, are sent at a steady rate, round-robin
// over the demo's sales reps (not one burst). Each event's latency runs from the moment its request was sent to the
// `created_at` of the alert it caused (the worker's clock; same machine). Beside it, in the same run, the webhook's
// own answer latency (request sent → 200), the floor any alert latency sits on.
// Run: npm run bench -w @yardstick/engine -- alert-latency   (BENCH_EVENTS, BENCH_RATE events/s to change the load)
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { startDevServer } from '@yardstick/workflows/dev-server';
import { employeeEventsWorkflowId } from '@yardstick/workflows/shared';
import { DEMO_ADMIN, DEMO_EMPLOYEES } from '../src/db/seed/demo-data.ts';
import { toMillis } from '../src/lib/sql-time.ts';
import { type EngineProcess, startEngineProcess } from '../test/engine-process.ts';
import { freePort } from '../test/postgres.ts';
import { startWorkerProcess } from '../test/worker-process.ts';
import { BetterSqlite, machineLine } from './sqlite-file.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 25);
const SOURCE_ID = 'bench';
const TARGET_P95_MS = 2000;
const REPS = DEMO_EMPLOYEES.filter((e) => e.role === 'sales').map((e) => e.crmId);

/** Signs in as the demo admin; a generic source with a secret; the demo reps mapped as its CRM users. */
async function prepareSource(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = {
    'content-type': 'application/json',
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] as string,
    'x-csrf-token': csrfToken,
  };
  const created = await fetch(`${url}/api/sources`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ id: SOURCE_ID, name: 'Alert latency', kind: 'generic' }),
  });
  if (created.status !== 201) throw new Error(`creating the source answered ${created.status}`);
  const { secret } = (await created.json()) as { secret: string };
  for (const crmId of REPS) {
    const found = await fetch(`${url}/api/employees?externalId=demo:${crmId}`, { headers });
    const employee = ((await found.json()) as { items: { id: string }[] }).items[0];
    if (!employee) throw new Error(`no demo employee ${crmId}`);
    const mapped = await fetch(`${url}/api/sources/${SOURCE_ID}/user-mappings/${crmId}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ employeeId: employee.id }),
    });
    if (!mapped.ok) throw new Error(`mapping ${crmId} answered ${mapped.status}: ${await mapped.text()}`);
  }
  return secret;
}

interface Sent {
  externalId: string;
  sentAt: number;
  answeredAt: number;
  status: number;
}

/** One lost deal of 150,000 RUB and more: the demo scheme's "big deal lost" rule fires for each. */
async function send(url: string, secret: string, n: number): Promise<Sent> {
  const externalId = `latency-${n}`;
  const body = JSON.stringify({
    id: externalId,
    type: 'deal.lost',
    employee: REPS[((n % REPS.length) + REPS.length) % REPS.length],
    amount: `${150000 + n}.00`,
    currency: 'RUB',
    occurredAt: new Date().toISOString(),
    attributes: { dealId: `L-${n}` },
  });
  const sentAt = Date.now();
  const response = await fetch(`${url}/hooks/${SOURCE_ID}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-yardstick-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
    body,
  });
  await response.arrayBuffer();
  return { externalId, sentAt, answeredAt: Date.now(), status: response.status };
}

/** alert created_at per event external id, read from the database file the worker writes. */
function alertTimes(file: string): Map<string, number> {
  const db = new BetterSqlite(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `select e.external_id as external_id, a.created_at as created_at from alert a
           join event e on e.id = a.cause_event_id where e.source_id = ?`,
      )
      .all(SOURCE_ID);
    return new Map(rows.map((r) => [String(r.external_id), toMillis(r.created_at)]));
  } finally {
    db.close();
  }
}

/** The workflows of the employees the run sent events for. */
async function workflowIdsOf(file: string): Promise<string[]> {
  const db = new BetterSqlite(file, { readonly: true });
  try {
    const rows = db.prepare('select distinct employee_id as id from event where source_id = ?').all(SOURCE_ID);
    return rows.map((r) => employeeEventsWorkflowId(String(r.id)));
  } finally {
    db.close();
  }
}

/** What the database holds, for a run that failed. */
function diagnose(file: string): string {
  const db = new BetterSqlite(file, { readonly: true });
  try {
    const count = (sql: string) => JSON.stringify(db.prepare(sql).all(SOURCE_ID));
    return [
      `events ${count('select count(*) as n, count(employee_id) as attributed, count(dispatched_at) as taken from event where source_id = ?')}`,
      `alerts ${count('select count(*) as n from alert a join event e on e.id = a.cause_event_id where e.source_id = ?')}`,
    ].join('; ');
  } finally {
    db.close();
  }
}

/** Where a workflow's time goes: per activity type and for timers, the mean from scheduled (started) to completed. */
async function breakdown(client: Client, workflowIds: string[]): Promise<Map<string, { n: number; ms: number }>> {
  const totals = new Map<string, { n: number; ms: number }>();
  const add = (name: string, ms: number) => {
    const t = totals.get(name) ?? { n: 0, ms: 0 };
    t.n += 1;
    t.ms += ms;
    totals.set(name, t);
  };
  for (const id of workflowIds) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    const events = history.events ?? [];
    const at = (e: (typeof events)[number]) =>
      Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
    const opened = new Map<string, { name: string; at: number }>();
    for (const e of events) {
      const id = String(e.eventId);
      if (e.activityTaskScheduledEventAttributes) {
        opened.set(id, { name: e.activityTaskScheduledEventAttributes.activityType?.name ?? '?', at: at(e) });
      } else if (e.activityTaskCompletedEventAttributes) {
        const start = opened.get(String(e.activityTaskCompletedEventAttributes.scheduledEventId));
        if (start) add(`activity ${start.name}`, at(e) - start.at);
      } else if (e.timerStartedEventAttributes) {
        opened.set(id, { name: 'timer', at: at(e) });
      } else if (e.timerFiredEventAttributes) {
        const start = opened.get(String(e.timerFiredEventAttributes.startedEventId));
        if (start) add('timer (coalescing)', at(e) - start.at);
      } else if (e.workflowTaskScheduledEventAttributes) {
        opened.set(id, { name: 'workflow task', at: at(e) });
      } else if (e.workflowTaskCompletedEventAttributes) {
        const start = opened.get(String(e.workflowTaskCompletedEventAttributes.scheduledEventId));
        if (start) add('workflow task (scheduled → completed)', at(e) - start.at);
      }
    }
  }
  return totals;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const dir = mkdtempSync(join(tmpdir(), 'yardstick-bench-alerts-'));
const file = join(dir, 'yardstick.db');
let engine: EngineProcess | undefined;
let worker: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
const temporal = await startDevServer({ dbFilename: join(dir, 'temporal.db') });
const sent: Sent[] = [];
let alerts = new Map<string, number>();
let steps = new Map<string, { n: number; ms: number }>();
try {
  engine = await startEngineProcess({
    databaseUrl: `sqlite:${file}`,
    port: await freePort(),
    env: { TEMPORAL_ADDRESS: temporal.address, YARDSTICK_DEMO: 'true' },
  });
  worker = await startWorkerProcess({ DATABASE_URL: `sqlite:${file}`, TEMPORAL_ADDRESS: temporal.address });
  const secret = await prepareSource(engine.url);
  // warm-up: one event per rep starts each workflow and warms the worker's caches; not measured
  await Promise.all(REPS.map((_, i) => send(engine?.url as string, secret, -1 - i)));
  const warmDeadline = Date.now() + 60_000;
  while ([...alertTimes(file).keys()].filter((id) => id.startsWith('latency--')).length < REPS.length) {
    if (Date.now() > warmDeadline) throw new Error(`the warm-up alerts did not arrive within 60 s: ${diagnose(file)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  // the measured run: a steady RATE events/s, each rep in turn
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let n = 0; n < EVENTS; n += 1) {
    const due = started + (n * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      send(engine.url, secret, n).then((s) => {
        sent.push(s);
      }),
    );
  }
  await Promise.all(pending);
  const deadline = Date.now() + 120_000;
  for (;;) {
    alerts = alertTimes(file);
    if (sent.every((s) => alerts.has(s.externalId)) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  steps = await breakdown(temporal.env.client, await workflowIdsOf(file));
} finally {
  await worker?.kill();
  await engine?.kill('SIGTERM');
  await temporal.stop();
  rmSync(dir, { recursive: true, force: true });
}

const answered = sent.filter((s) => s.status === 200);
const answers = answered.map((s) => s.answeredAt - s.sentAt).sort((a, b) => a - b);
const latencies = answered
  .filter((s) => alerts.has(s.externalId))
  .map((s) => (alerts.get(s.externalId) as number) - s.sentAt)
  .sort((a, b) => a - b);
const missing = answered.length - latencies.length;

console.log(machineLine());
console.log(
  `Webhook → alert: ${EVENTS} signed generic lost deals at ${RATE} events/s over ${REPS.length} employees; engine, worker and Temporal dev server as separate processes on one SQLite file; the sender shares the machine\n`,
);
console.log('| measure | events | p50 (ms) | p95 (ms) | max (ms) |');
console.log('|---|---:|---:|---:|---:|');
const line = (name: string, values: number[]) =>
  console.log(
    `| ${name} | ${values.length.toLocaleString('en')} | ${percentile(values, 50)} | ${percentile(values, 95)} | ${values.at(-1) ?? '–'} |`,
  );
line('request sent → alert stored', latencies);
line('baseline: request sent → webhook answered (200)', answers);
console.log('\nWhere the workflows spent it (mean per step, from their histories):\n');
console.log('| step | count | mean (ms) |');
console.log('|---|---:|---:|');
for (const [name, t] of [...steps].sort()) {
  console.log(`| ${name} | ${t.n.toLocaleString('en')} | ${Math.round(t.ms / t.n)} |`);
}
const problems: string[] = [];
if (answered.length < EVENTS) problems.push(`${EVENTS - answered.length} requests were not answered 200`);
if (missing > 0) problems.push(`${missing} accepted events raised no alert within 120 s`);
const p95 = percentile(latencies, 95);
if (!(p95 < TARGET_P95_MS)) problems.push(`p95 ${p95} ms is not under ${TARGET_P95_MS} ms`);
console.log(
  problems.length === 0
    ? `\nTarget met: every event alerted, p95 under ${TARGET_P95_MS} ms.`
    : `\nTarget MISSED: ${problems.join('; ')}.`,
);
if (missing > 0 || answered.length < EVENTS) process.exitCode = 1;
