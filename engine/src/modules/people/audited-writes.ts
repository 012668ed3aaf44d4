// The one way a department, team or employee is created, changed or deleted: in a transaction, 404 when it is
// missing, the database's constraint errors as 409s, audited with the row before and after.
import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Principal } from '../../http/app-env.ts';
import { type AppError, notFound } from '../../lib/errors.ts';
import { recordAudit, recordAuditOfChange } from '../audit/audit.service.ts';
import { mapConstraintErrors } from './write-conflicts.ts';

/** What the writes need to know of one kind of row. */
export interface AuditedEntity<T, D extends object> {
  entity: EntityName<T>;
  /** the audit's entity name, e.g. `team` (the actions are `team.create`, `team.update`, `team.delete`) */
  auditName: string;
  /** the 404 message's subject, e.g. `Team` */
  what: string;
  /** the row as the API answers it and the audit keeps it */
  snapshot: (em: EntityManager, row: T) => D | Promise<D>;
}

export async function createAudited<T extends { id: string }, D extends object>(
  em: EntityManager,
  principal: Principal,
  of: AuditedEntity<T, D>,
  write: {
    /** validates and creates the row (and anything that belongs to it); the flush comes after */
    create: (em: EntityManager) => Promise<T>;
    /** a 409 for a unique key that raced past the explicit check */
    unique: () => AppError;
  },
): Promise<D> {
  return inTransaction(
    em,
    async (tx) => {
      const row = await write.create(tx);
      await tx.flush();
      const after = await of.snapshot(tx, row);
      recordAudit(tx, principal, `${of.auditName}.create`, of.auditName, row.id, null, after);
      return after;
    },
    { unique: write.unique },
  );
}

export async function updateAudited<T extends { id: string }, D extends object>(
  em: EntityManager,
  principal: Principal,
  of: AuditedEntity<T, D>,
  id: string,
  write: {
    /** validates and applies the change; `before` is the row's snapshot before it */
    change: (em: EntityManager, row: T, before: D) => Promise<void>;
    unique: () => AppError;
  },
): Promise<D> {
  return inTransaction(
    em,
    async (tx) => {
      const row = await existing(tx, of, id);
      const before = await of.snapshot(tx, row);
      await write.change(tx, row, before);
      await tx.flush();
      const after = await of.snapshot(tx, row);
      recordAuditOfChange(tx, principal, `${of.auditName}.update`, of.auditName, id, before, after);
      return after;
    },
    { unique: write.unique },
  );
}

export async function deleteAudited<T extends { id: string }, D extends object>(
  em: EntityManager,
  principal: Principal,
  of: AuditedEntity<T, D>,
  id: string,
  write: {
    /** throws a 409 while the explicit checks find something that depends on the row */
    refuseWhileUsed: (em: EntityManager, row: T) => Promise<void>;
    /** a 409 for references the checks do not cover, which the database's foreign keys then refuse */
    inUse: () => AppError;
  },
): Promise<void> {
  await inTransaction(
    em,
    async (tx) => {
      const row = await existing(tx, of, id);
      await write.refuseWhileUsed(tx, row);
      recordAudit(tx, principal, `${of.auditName}.delete`, of.auditName, id, await of.snapshot(tx, row), null);
      tx.remove(row);
      await tx.flush();
    },
    { inUse: write.inUse },
  );
}

function inTransaction<R>(
  em: EntityManager,
  work: (tx: EntityManager) => Promise<R>,
  messages: Parameters<typeof mapConstraintErrors>[1],
): Promise<R> {
  return mapConstraintErrors(() => em.transactional(work), messages);
}

async function existing<T extends { id: string }, D extends object>(
  tx: EntityManager,
  of: AuditedEntity<T, D>,
  id: string,
): Promise<T> {
  const row = await tx.findOne(of.entity, { id } as never);
  if (!row) throw notFound(of.what);
  return row;
}
