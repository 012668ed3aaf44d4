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
