// The outbox: events are stored first, then handed to Temporal. Undispatched rows are retried by a
// sweeper, so an event accepted while Temporal was down still reaches its workflow later.
import { Event } from '../../db/entities/event.entity.ts';
import type { Orm } from '../../db/orm.ts';
import type { Logger } from '../../lib/logger.ts';
import type { TemporalGateway } from '../../temporal/temporal-gateway.ts';

export interface EventDispatcher {
  /** Dispatches what is pending now; concurrent calls share one run. */
  kick(): Promise<void>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

const BATCH = 500;

export function createEventDispatcher(deps: { orm: Orm; temporal: TemporalGateway; logger: Logger }): EventDispatcher {
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function dispatchPending(): Promise<void> {
    for (;;) {
      const em = deps.orm.em.fork();
      const pending = await em.find(
        Event,
        { dispatchedAt: null, employee: { $ne: null } },
        { orderBy: { createdAt: 'asc', id: 'asc' }, limit: BATCH, fields: ['id', 'employee'] },
      );
      if (pending.length === 0) return;
      const byEmployee = Map.groupBy(pending, (e) => e.employee as string);
      for (const [employeeId, events] of byEmployee) {
        const ids = events.map((e) => e.id);
        await deps.temporal.signalEvents(employeeId, ids);
        await em.nativeUpdate(Event, { id: { $in: ids } }, { dispatchedAt: new Date() });
      }
      if (pending.length < BATCH) return;
    }
  }

  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await dispatchPending();
        } catch (error) {
          deps.logger.warn({ err: error }, 'event dispatch failed; will retry');
          return;
        }
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    kick,
    start(intervalMs) {
      timer = setInterval(() => void kick(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
