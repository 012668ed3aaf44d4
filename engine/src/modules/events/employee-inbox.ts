// The hand-off of stored events to each employee's Temporal workflow. Storing events marks their employees
// dirty (insert-if-absent); only that clean→dirty transition is signalled, once per employee. The workflow
// then takes every event waiting for the employee in one transaction that also makes them clean again, so
// a burst of events is one signal and one take, never a Temporal message per event.
import type { EntityManager } from '@mikro-orm/sql';
import { DirtyEmployee } from '../../db/entities/dirty-employee.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';

/** Marks the employees dirty; answers those that were clean before (each needs one signal). */
export async function markDirty(tx: EntityManager, employeeIds: Iterable<string>): Promise<string[]> {
  const unique = [...new Set(employeeIds)];
  if (unique.length === 0) return [];
  const now = new Date();
  const newly = await tx
    .createQueryBuilder(DirtyEmployee)
    .insert(unique.map((employee) => ({ employee, dirtySince: now, signaledAt: null })))
    .onConflict(['employee'])
    .ignore()
    .returning(['employee'])
    .execute('all');
  return (newly as { employee: string }[]).map((row) => row.employee);
}

export interface TakenEvents {
  events: Event[];
  /** more events were waiting than one batch takes; the employee stays dirty */
  more: boolean;
}

/**
 * Takes the employee's waiting events (oldest first, at most `limit`) into batch `batchId` and makes the
 * employee clean, in one transaction. The clean mark goes first: an event stored meanwhile either is taken
 * here or marks the employee dirty again, so none is stranded. Taking the same batch again (a retried
 * activity) answers the events that batch took before, plus any that arrived since.
 */
export async function takeWaitingEvents(
  em: EntityManager,
  input: { employeeId: string; batchId: string; limit: number },
): Promise<TakenEvents> {
  return em.transactional(async (tx) => {
    await tx.nativeDelete(DirtyEmployee, { employee: input.employeeId });
    const alreadyTaken = await tx.count(Event, { dispatchBatch: input.batchId });
    const waiting = await tx.find(
      Event,
      { employee: input.employeeId, dispatchBatch: null },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: Math.max(input.limit - alreadyTaken, 0) + 1, fields: ['id'] },
    );
    const room = Math.max(input.limit - alreadyTaken, 0);
    const taking = waiting.slice(0, room).map((e) => e.id);
    const more = waiting.length > room;
    if (taking.length > 0) {
      await tx.nativeUpdate(Event, { id: { $in: taking } }, { dispatchedAt: new Date(), dispatchBatch: input.batchId });
    }
    // what is left waits for the next take, which the workflow runs at once: no signal is needed
    if (more)
      await tx.insert(DirtyEmployee, { employee: input.employeeId, dirtySince: new Date(), signaledAt: new Date() });
    const events = await tx.find(
      Event,
      { dispatchBatch: input.batchId, employee: input.employeeId },
      { orderBy: { occurredAt: 'asc', id: 'asc' } },
    );
    return { events, more };
  });
}
