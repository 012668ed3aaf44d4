// The outbox towards Temporal: an employee marked dirty by stored events gets one signal-with-start of their
// workflow, which then takes the waiting events itself (employee-inbox.ts). Rows are swept when kicked and on
// an interval, so an employee who became dirty while Temporal was down is signalled once it is back; a row
// still dirty long after its signal (its workflow was terminated by hand, say) is signalled again.
import { DirtyEmployee } from '../../db/entities/dirty-employee.entity.ts';
import type { Orm } from '../../db/orm.ts';
import type { Logger } from '../../lib/logger.ts';
import { createSweeper, type Sweeper } from '../../lib/sweeper.ts';
import type { TemporalGateway } from '../../temporal/temporal-gateway.ts';

/** Signals what is dirty when kicked and on an interval; concurrent kicks share one run. */
export type EventDispatcher = Sweeper;

const BATCH = 500;
/** a dirty employee whose workflow has not taken the events this long after the signal is signalled again */
export const RESIGNAL_AFTER_MS = 5 * 60 * 1000;

export function createEventDispatcher(deps: { orm: Orm; temporal: TemporalGateway; logger: Logger }): EventDispatcher {
  async function signalDirty(): Promise<void> {
    for (;;) {
      const em = deps.orm.em.fork();
      const stale = new Date(Date.now() - RESIGNAL_AFTER_MS);
      const due = await em.find(
        DirtyEmployee,
        { $or: [{ signaledAt: null }, { signaledAt: { $lt: stale } }] },
        { orderBy: { dirtySince: 'asc', employee: 'asc' }, limit: BATCH },
      );
      if (due.length === 0) return;
      for (const row of due) {
        await deps.temporal.signalEmployee(row.employee);
        // only this row: if the workflow took the events meanwhile, a new dirty row is a new transition
        await em.nativeUpdate(
          DirtyEmployee,
          { employee: row.employee, dirtySince: row.dirtySince },
          { signaledAt: new Date() },
        );
      }
      if (due.length < BATCH) return;
    }
  }

  return createSweeper(signalDirty, deps.logger, 'event dispatch failed; will retry');
}
