// The reconciler tolerates Temporal being down: the engine starts and serves without it, and the scheme
// versions' schedules appear once Temporal comes up, without a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScheduleNotFoundError } from '@temporalio/client';
import { type DevServer, startDevServer } from '@yardstick/workflows/dev-server';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/stack.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { type RunningEngine, startEngine } from '../../engine.ts';
import { loadEngineEnv } from '../../env.ts';

describe('schedule reconciler while Temporal is down', () => {
  let dir: string | undefined;
  let engine: RunningEngine | undefined;
  let temporal: DevServer | undefined;

  afterAll(async () => {
    await engine?.stop();
    await temporal?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the schedules once Temporal answers', async () => {
    const port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'yardstick-schedules-'));
    engine = await startEngine(
      loadEngineEnv({
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(dir, 'yardstick.db')}`,
        TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
        YARDSTICK_DEMO: 'true',
        STUDIO_DIR: '/nonexistent',
        SCHEDULE_RECONCILE_INTERVAL_MS: '1000',
      }),
      { logger: pino({ level: 'silent' }) },
    );
    await expect(engine.schedules.run()).rejects.toThrow();
    expect((await fetch(`${engine.url}/api/health`)).status).toBe(503);

    temporal = await startDevServer({ port });
    const version = await engine.orm.em.fork().findOneOrFail(SchemeVersion, { version: 1 });
    const client = temporal.env.client;
    const described = await eventually(async () => {
      try {
        return await client.schedule.getHandle(`scheme/${version.id}/close`).describe();
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) return undefined;
        throw error;
      }
    }, 60_000);
    expect(described.spec.timezone).toBe('Europe/Moscow');
  }, 120_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
