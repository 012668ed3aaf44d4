// The outbox: events are stored first, then handed to Temporal. Undispatched rows are retried by a
// sweeper, so an event accepted while Temporal was down still reaches its workflow later.
import { Event } from '../../db/entities/event.entity.ts';
import type { Orm } from '../../db/orm.ts';
import type { Logger } from '../../lib/logger.ts';
import { createSweeper, type Sweeper } from '../../lib/sweeper.ts';
import type { TemporalGateway } from '../../temporal/temporal-gateway.ts';

/** Dispatches what is pending when kicked and on an interval; concurrent kicks share one run. */
export type EventDispatcher = Sweeper;

const BATCH = 500;

export function createEventDispatcher(deps: { orm: Orm; temporal: TemporalGateway; logger: Logger }): EventDispatcher {
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

  return createSweeper(dispatchPending, deps.logger, 'event dispatch failed; will retry');
}
