// Appends to the audit log inside the caller's unit of work, so the change and its record commit together.
import type { EntityManager } from '@mikro-orm/sql';
import { AuditLog } from '../../db/entities/audit-log.entity.ts';
import type { Principal } from '../../http/app-env.ts';

export function recordAudit(
  em: EntityManager,
  actor: Principal | 'system',
  action: string,
  entity: string,
  entityId: string,
  before: unknown,
  after: unknown,
): void {
  em.create(AuditLog, {
    actor:
      actor === 'system' ? 'system' : `${actor.kind}:${actor.kind === 'token' ? actor.credentialId : actor.userId}`,
    action,
    entity,
    entityId,
    before: before ?? null,
    after: after ?? null,
  });
}

/** Like recordAudit, but writes nothing when the write changed nothing (e.g. an empty PATCH). */
export function recordAuditOfChange(
  em: EntityManager,
  actor: Principal | 'system',
  action: string,
  entity: string,
  entityId: string,
  before: object,
  after: object,
): void {
  const { updatedAt: _b, ...was } = before as { updatedAt?: unknown };
  const { updatedAt: _a, ...is } = after as { updatedAt?: unknown };
  if (JSON.stringify(was) === JSON.stringify(is)) return;
  recordAudit(em, actor, action, entity, entityId, before, after);
}
