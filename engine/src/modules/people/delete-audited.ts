// The one way a department, team or employee is deleted: in a transaction, 404 when it is missing, refused with a
// 409 while anything still depends on it, audited with the row as it was.
import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Principal } from '../../http/app-env.ts';
import { type AppError, notFound } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { mapConstraintErrors } from './write-conflicts.ts';

export interface AuditedDelete<T> {
  entity: EntityName<T>;
  /** the audit's entity name, e.g. `team` (the action is `team.delete`) */
  auditName: string;
  /** the 404 message's subject, e.g. `Team` */
  what: string;
  /** the row as the audit keeps it */
  snapshot: (em: EntityManager, row: T) => unknown;
  /** throws a 409 while the explicit checks find something that depends on the row */
  refuseWhileUsed: (em: EntityManager, row: T) => Promise<void>;
  /** a 409 for references the checks do not cover, which the database's foreign keys then refuse */
  inUse: () => AppError;
}

export async function deleteAudited<T extends { id: string }>(
  em: EntityManager,
  principal: Principal,
  id: string,
  spec: AuditedDelete<T>,
): Promise<void> {
  await mapConstraintErrors(
    () =>
      em.transactional(async (tx) => {
        const row = await tx.findOne(spec.entity, { id } as never);
        if (!row) throw notFound(spec.what);
        await spec.refuseWhileUsed(tx, row);
        recordAudit(tx, principal, `${spec.auditName}.delete`, spec.auditName, id, await spec.snapshot(tx, row), null);
        tx.remove(row);
        await tx.flush();
      }),
    { inUse: spec.inUse },
  );
}
