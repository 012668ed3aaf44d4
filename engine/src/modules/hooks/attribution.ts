// Attribution after the fact. An event belongs to the owner of its deal at the time of the transition; two
// things can correct a stored attribution:
// - a mapping from a CRM user to an employee is added: that user's unattributed events become the employee's;
// - an owner change is learned: a deal event observed only after a later owner change (a late re-read reports
//   the owner of the read, not of the transition) goes back to the owner before that change.
// Either way the event waits again for its (new) employee's workflow, which evaluates it.
import type { EntityManager } from '@mikro-orm/sql';
import { EmployeeExternalId } from '../../db/entities/employee-external-id.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { markDirty } from '../events/employee-inbox.ts';

/** The employees the CRM users of one source map to (absent: unmapped). */
export async function employeesOfCrmUsers(
  tx: EntityManager,
  sourceId: string,
  crmUsers: Iterable<string>,
): Promise<Map<string, string>> {
  const ids = [...new Set(crmUsers)];
  if (ids.length === 0) return new Map();
  const rows = await tx.find(EmployeeExternalId, { source: sourceId, externalId: { $in: ids } });
  return new Map(rows.map((row) => [row.externalId, row.employee]));
}

/** Gives the CRM user's unattributed events of the source to the employee; answers how many. */
export async function attributeUnmapped(
  tx: EntityManager,
  input: { sourceId: string; crmUserId: string; employeeId: string },
): Promise<number> {
  const changed = await tx.nativeUpdate(
    Event,
    { source: input.sourceId, externalEmployeeId: input.crmUserId, employee: null },
    { employee: input.employeeId, dispatchedAt: null, dispatchBatch: null },
  );
  if (changed > 0) await markDirty(tx, [input.employeeId]);
  return changed;
}

const DEAL_KEY = /^deal:(.+?):/;
const OWNER_CHANGED = 'deal.owner_changed';

/** The deal an adapter-made event belongs to (its external id is `deal:<id>:…`), else null. */
export function dealOf(externalId: string): string | null {
  return DEAL_KEY.exec(externalId)?.[1] ?? null;
}

/**
 * Re-attributes the events of these deals that an owner change contradicts: an event is the owner's before
 * the first owner change after it. An event with no owner change after it keeps the owner it was observed
 * with, which is the freshest knowledge there is. Answers how many events moved.
 */
export async function reattributeDeals(
  tx: EntityManager,
  sourceId: string,
  dealIds: Iterable<string>,
): Promise<number> {
  const deals = [...new Set(dealIds)];
  if (deals.length === 0) return 0;
  const changes = await tx.find(
    Event,
    { source: sourceId, type: OWNER_CHANGED, $or: deals.map((d) => ({ externalId: { $like: `deal:${d}:owner:%` } })) },
    { fields: ['externalId'] },
  );
  const withChanges = [...new Set(changes.map((c) => dealOf(c.externalId)).filter((d) => d !== null))].filter((d) =>
    deals.includes(d),
  );
  if (withChanges.length === 0) return 0;

  const events = (
    await tx.find(
      Event,
      { source: sourceId, $or: withChanges.map((d) => ({ externalId: { $like: `deal:${d}:%` } })) },
      { orderBy: { occurredAt: 'asc', id: 'asc' } },
    )
  ).filter((event) => withChanges.includes(dealOf(event.externalId) ?? ''));

  const moves: { event: Event; owner: string }[] = [];
  for (const deal of withChanges) {
    const ofDeal = events.filter((e) => dealOf(e.externalId) === deal);
    const ownerChanges = ofDeal.filter((e) => e.type === OWNER_CHANGED);
    for (const event of ofDeal) {
      if (event.type === OWNER_CHANGED) continue;
      const next = ownerChanges.find((change) => change.occurredAt > event.occurredAt);
      const before = next?.attributes.previousOwner;
      if (typeof before === 'string' && before !== '' && before !== event.externalEmployeeId) {
        moves.push({ event, owner: before });
      }
    }
  }
  if (moves.length === 0) return 0;
  const employeeOf = await employeesOfCrmUsers(
    tx,
    sourceId,
    moves.map((m) => m.owner),
  );
  for (const { event, owner } of moves) {
    await tx.nativeUpdate(
      Event,
      { id: event.id },
      { externalEmployeeId: owner, employee: employeeOf.get(owner) ?? null, dispatchedAt: null, dispatchBatch: null },
    );
  }
  await markDirty(
    tx,
    moves.flatMap((m) => {
      const employee = employeeOf.get(m.owner);
      return employee ? [employee] : [];
    }),
  );
  return moves.length;
}
