// Store before answering, proven the hard way: a client that retries on failure sends a burst of signed
// generic events; the engine process is killed with SIGKILL in the middle of it and restarted on the same
// SQLite file. Every event the client got a 2xx for is stored exactly once, and so is every other event.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Delivery } from '../src/db/entities/delivery.entity.ts';
import { Event } from '../src/db/entities/event.entity.ts';
import { initORM } from '../src/db/orm.ts';
import { createGenericSource, type EngineProcess, signedEvent, startEngineProcess } from './engine-process.ts';
import { freePort } from './postgres.ts';

const EVENTS = 1500;
const CONNECTIONS = 8;
const KILL_AFTER = 300;

describe('webhook burst across an engine crash (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yardstick-crash-'));
  let engine: EngineProcess | undefined;
  afterAll(async () => {
    await engine?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every acknowledged event exactly once after SIGKILL and a restart', async () => {
    const file = join(dir, 'yardstick.db');
    const port = await freePort();
    const start = () => startEngineProcess({ databaseUrl: `sqlite:${file}`, port });
    engine = await start();
    const { id: sourceId, secret } = await createGenericSource(engine.url, 'burst');
    const url = `${engine.url}/hooks/${sourceId}`;

    // event number → the stored event ids its first 2xx named (none when an earlier, unanswered try stored it)
    const acknowledged = new Map<number, string[]>();
    let failedTries = 0;
    let ackedAtKill: number | undefined;
    let restarted: Promise<void> | undefined;

    /** Sends one event until a 2xx, the same body (and so the same delivery) every time. */
    async function deliver(n: number): Promise<void> {
      const { body, headers } = signedEvent(secret, n);
      for (;;) {
        const response = await fetch(url, { method: 'POST', headers, body }).catch(() => undefined);
        if (response && response.status < 300) {
          const answer = (await response.json()) as { status: string; events: { stored: string[] } };
          acknowledged.set(n, answer.events.stored);
          return;
        }
        if (response && response.status < 500)
          throw new Error(`event ${n}: ${response.status} ${await response.text()}`);
        await response?.body?.cancel();
        failedTries += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    let next = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < EVENTS) {
          const n = next++;
          await deliver(n);
          if (acknowledged.size >= KILL_AFTER && !restarted) {
            ackedAtKill = acknowledged.size;
            const dying = engine as EngineProcess;
            restarted = dying.kill('SIGKILL').then(async () => {
              engine = await start();
            });
          }
        }
      }),
    );
    await restarted;
    // the kill landed in the middle of the burst: requests failed and were retried
    expect(ackedAtKill).toBeLessThan(EVENTS);
    expect(failedTries).toBeGreaterThan(0);
    expect(acknowledged.size).toBe(EVENTS);

    await engine.kill('SIGTERM');
    const orm = await initORM(`sqlite:${file}`);
    try {
      const em = orm.em.fork();
      const events = await em.find(Event, { source: sourceId }, { fields: ['id', 'externalId', 'delivery'] });
      const externalIds = events.map((e) => e.externalId);
      expect(new Set(externalIds).size).toBe(externalIds.length);
      expect(externalIds.sort()).toEqual(Array.from({ length: EVENTS }, (_, n) => `ev-${n}`).sort());
      // every id an acknowledgement named is that event's stored row
      const byId = new Map(events.map((e) => [e.id, e.externalId]));
      for (const [n, stored] of acknowledged) {
        for (const id of stored) expect(byId.get(id)).toBe(`ev-${n}`);
      }
      // one accepted delivery per event: retries of an unanswered, stored try came back as duplicates
      expect(await em.count(Delivery, { source: sourceId, status: 'accepted' })).toBe(EVENTS);
    } finally {
      await orm.close();
    }
  });
});
