// Webhook ingestion: one engine process (`node engine/src/main.ts`, a temp SQLite file, default settings)
// takes signed generic events, each one unique, from a load generator (autocannon) on loopback. Beside it,
// in the same run, the upper limit: a bare @hono/node-server process that answers 200 and stores nothing.
// Then the database is read back: every event that got a 2xx must be stored, once.
// Run: npm run bench -w @yardstick/engine -- ingest   (BENCH_SECONDS, BENCH_CONNECTIONS to change the load)
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import {
  createGenericSource,
  type EngineProcess,
  signedEvent,
  startEngineProcess,
  startServerProcess,
} from '../test/engine-process.ts';
import { freePort } from '../test/postgres.ts';
import { BetterSqlite, machineLine } from './sqlite-file.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SOURCE_ID = 'bench';
const TARGET = { eventsPerSecond: 3000, p99Ms: 50 };

/**
 * CPU seconds a process has used (user + system), from Linux's /proc in clock ticks of 1/100 s; null elsewhere.
 * The machine is shared, so wall-clock rates swing; CPU per event is what the server itself costs.
 */
function cpuSeconds(pid: number): number | null {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return null;
  const fields = readFileSync(stat, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Run {
  result: autocannon.Result;
  /** the server's CPU seconds during the run */
  cpu: number | null;
  /** the stored event ids the 2xx answers named */
  acknowledged: string[];
  /** 2xx answers that stored nothing (a unique event reported as a duplicate) */
  storedNothing: number;
}

let sequence = 0;

/** Drives `url` with one signed generic event per request, every event new. */
async function load(server: EngineProcess, secret: string, seconds: number): Promise<Run> {
  const { url } = server;
  const cpuBefore = cpuSeconds(server.pid);
  const acknowledged: string[] = [];
  let storedNothing = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: `/hooks/${SOURCE_ID}`,
        setupRequest: (request) => {
          sequence += 1;
          const { body, headers } = signedEvent(secret, sequence);
          return { ...request, method: 'POST', path: `/hooks/${SOURCE_ID}`, headers, body };
        },
        onResponse: (status, body) => {
          if (status < 200 || status >= 300) return;
          const stored = (JSON.parse(body) as { events?: { stored?: string[] } }).events?.stored;
          if (stored === undefined) return; // the bare server stores nothing and names nothing
          if (stored.length === 0) storedNothing += 1;
          acknowledged.push(...stored);
        },
      },
    ],
  });
  const cpuAfter = cpuSeconds(server.pid);
  const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return { result, cpu, acknowledged, storedNothing };
}

interface Row {
  target: string;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  cpuMsPerEvent: number | null;
  stored: number | null;
  lost: number | null;
}

function row(target: string, run: Run, check?: { stored: number; lost: number }): Row {
  const r = run.result;
  return {
    target,
    eventsPerSecond: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    failed: r.non2xx + r.errors,
    cpuMsPerEvent: run.cpu === null || r['2xx'] === 0 ? null : (run.cpu * 1000) / r['2xx'],
    stored: check?.stored ?? null,
    lost: check?.lost ?? null,
  };
}

/** Reads the events back: how many are stored, and how many acknowledged ones are missing or doubled. */
function verify(file: string, acknowledged: string[]): { stored: number; lost: number; duplicates: number } {
  const db = new BetterSqlite(file, { readonly: true });
  try {
    const rows = db.prepare('select id, external_id from event where source_id = ?').all(SOURCE_ID);
    const ids = new Set(rows.map((r) => String(r.id)));
    const externalIds = new Set(rows.map((r) => String(r.external_id)));
    return {
      stored: rows.length,
      lost: acknowledged.filter((id) => !ids.has(id)).length + (acknowledged.length - new Set(acknowledged).size),
      duplicates: rows.length - externalIds.size,
    };
  } finally {
    db.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'yardstick-bench-ingest-'));
const rows: Row[] = [];
// losing or doubling an acknowledged event is a fault (exit 1); the speed target depends on the machine
const faults: string[] = [];
const misses: string[] = [];
let engine: EngineProcess | undefined;
let bare: EngineProcess | undefined;
try {
  const file = join(dir, 'ingest.sqlite');
  engine = await startEngineProcess({ databaseUrl: `sqlite:${file}`, port: await freePort() });
  const { secret } = await createGenericSource(engine.url, SOURCE_ID);
  const warm = await load(engine, secret, WARMUP_SECONDS);
  const measured = await load(engine, secret, SECONDS);
  await engine.kill('SIGTERM');
  const check = verify(file, [...warm.acknowledged, ...measured.acknowledged]);
  const unanswered = check.stored - warm.acknowledged.length - measured.acknowledged.length;
  rows.push(row('engine (SQLite file)', measured, check));
  if (check.lost > 0) faults.push(`${check.lost} acknowledged events are not stored`);
  if (check.duplicates > 0) faults.push(`${check.duplicates} events are stored twice`);
  const storedNothing = warm.storedNothing + measured.storedNothing;
  if (storedNothing > 0) faults.push(`${storedNothing} new events were answered as duplicates`);
  if (unanswered > 0) {
    console.log(`  ${unanswered} events stored without an answer: in flight when the load generator stopped`);
  }

  bare = await startServerProcess(fileURLToPath(new URL('./bare-hono.ts', import.meta.url)), await freePort(), {});
  await load(bare, secret, WARMUP_SECONDS);
  rows.push(row('bare @hono/node-server, 200, no storage', await load(bare, secret, SECONDS)));
} finally {
  await engine?.kill('SIGKILL');
  await bare?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}

console.log(machineLine());
console.log(
  `Ingestion: one signed generic event per POST /hooks/:sourceId, ${CONNECTIONS} connections on loopback, ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up; the load generator shares the machine\n`,
);
console.log(
  '| target | events/s | p50 (ms) | p99 (ms) | 2xx | failed | stored | lost | ratio to bare | server CPU per event (ms) | ceiling on one core (events/s) |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const upper = rows.at(-1)?.eventsPerSecond ?? Number.NaN;
for (const r of rows) {
  console.log(
    `| ${r.target} | ${Math.round(r.eventsPerSecond).toLocaleString('en')} | ${r.p50} | ${r.p99} | ${r.ok.toLocaleString('en')} | ${r.failed} | ${r.stored?.toLocaleString('en') ?? '–'} | ${r.lost ?? '–'} | ${(r.eventsPerSecond / upper).toFixed(2)} | ${r.cpuMsPerEvent?.toFixed(3) ?? '–'} | ${r.cpuMsPerEvent ? Math.round(1000 / r.cpuMsPerEvent).toLocaleString('en') : '–'} |`,
  );
}
const ingest = rows[0];
if (ingest) {
  if (ingest.eventsPerSecond < TARGET.eventsPerSecond) misses.push(`below ${TARGET.eventsPerSecond} events/s`);
  if (ingest.p99 >= TARGET.p99Ms) misses.push(`p99 not under ${TARGET.p99Ms} ms`);
  if (ingest.failed > 0) faults.push(`${ingest.failed} requests failed`);
}
const problems = [...faults, ...misses];
console.log(
  problems.length === 0
    ? `\nTarget met: at least ${TARGET.eventsPerSecond} events/s, p99 under ${TARGET.p99Ms} ms, zero loss.`
    : `\nTarget MISSED: ${problems.join('; ')}.`,
);
if (faults.length > 0) process.exitCode = 1;
