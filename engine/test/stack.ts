// The whole system in one test process, on real parts: an ephemeral Temporal dev server, the engine
// on a free port against a real database, and the worker running the real workflow bundle.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { createWorker } from '@yardstick/workflows';
import { startDevServer } from '@yardstick/workflows/dev-server';
import { pino } from 'pino';
import { type RunningEngine, startEngine } from '../src/engine.ts';
import { loadEngineEnv } from '../src/env.ts';
import { startTestPostgres } from './postgres.ts';

export interface TestStack {
  engine: RunningEngine;
  url: string;
  /** a client of the stack's Temporal server, to read workflow histories */
  temporal: Client;
  /** the worker, which a test may stop (it drains) and start again: workflows wait meanwhile */
  worker: { stop(): Promise<void>; start(): Promise<void> };
  stop(): Promise<void>;
}

export async function startTestStack(options: {
  database: 'sqlite' | 'postgresql';
  studioDir?: string;
}): Promise<TestStack> {
  quietTemporalRuntime();
  const temporal = await startDevServer();
  const cleanups: (() => Promise<void>)[] = [() => temporal.stop()];
  try {
    let databaseUrl: string;
    if (options.database === 'postgresql') {
      const postgres = await startTestPostgres();
      cleanups.unshift(() => postgres.stop());
      databaseUrl = postgres.url;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'yardstick-sqlite-'));
      cleanups.unshift(async () => rmSync(dir, { recursive: true, force: true }));
      databaseUrl = `sqlite:${join(dir, 'yardstick.db')}`;
    }
    const env = loadEngineEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      YARDSTICK_DEMO: 'true',
      DISPATCH_INTERVAL_MS: '500',
      ...(options.studioDir ? { STUDIO_DIR: options.studioDir } : {}),
    });
    const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
    const engine = await startEngine(env, { logger });
    cleanups.unshift(() => engine.stop());
    let running: { worker: Worker; done: Promise<void> } | undefined;
    const worker = {
      async start() {
        if (running) return;
        const created = await createWorker({
          connection: temporal.env.nativeConnection,
          namespace: temporal.namespace,
          orm: engine.orm,
        });
        running = { worker: created, done: created.run() };
      },
      async stop() {
        if (!running) return;
        const { worker: stopping, done } = running;
        running = undefined;
        stopping.shutdown();
        await done;
      },
    };
    await worker.start();
    cleanups.unshift(() => worker.stop());
    return { engine, url: engine.url, temporal: temporal.env.client, worker, stop: () => runAll(cleanups) };
  } catch (error) {
    await runAll(cleanups);
    throw error;
  }
}

/** The SDK logs every worker state change at INFO; tests want warnings only. Once per process. */
function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed by an earlier stack in this process
  }
}

async function runAll(cleanups: (() => Promise<void>)[]): Promise<void> {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
}

/** Polls until `probe` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
