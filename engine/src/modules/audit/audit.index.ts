// GET /api/audit, with each actor resolved to a readable name.
import type { FilterQuery } from '@mikro-orm/core';
import { ApiToken } from '../../db/entities/api-token.entity.ts';
import { AuditLog } from '../../db/entities/audit-log.entity.ts';
import { User } from '../../db/entities/user.entity.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { createRouter } from '../../http/create-router.ts';
import * as routes from './audit.routes.ts';

function parseActor(actor: string): { kind: 'user' | 'token' | 'system'; id: string | null } {
  const [kind, id] = actor.split(':', 2);
  if ((kind === 'user' || kind === 'token') && id) return { kind, id };
  return { kind: 'system', id: null };
}

export function auditRouter(): AppRouter {
  const router = createRouter();

  router.openapi(routes.listAudit, async (c) => {
    const em = c.get('em');
    const query = c.req.valid('query');
    const where: FilterQuery<AuditLog> = {};
    if (query.entity) where.entity = query.entity;
    if (query.entityId) where.entityId = query.entityId;
    if (query.action) where.action = query.action;
    if (query.from || query.to) {
      where.at = {
        ...(query.from ? { $gte: new Date(query.from) } : {}),
        ...(query.to ? { $lt: new Date(query.to) } : {}),
      };
    }
    const [entries, total] = await em.findAndCount(AuditLog, where, {
      orderBy: { at: 'desc', id: 'asc' },
      limit: query.limit,
      offset: query.offset,
    });
    const actors = entries.map((e) => parseActor(e.actor));
    const userIds = actors.filter((a) => a.kind === 'user').map((a) => a.id as string);
    const tokenIds = actors.filter((a) => a.kind === 'token').map((a) => a.id as string);
    const users = new Map((await em.find(User, { id: { $in: userIds } })).map((u) => [u.id, u.email]));
    const tokens = new Map((await em.find(ApiToken, { id: { $in: tokenIds } })).map((t) => [t.id, t.name]));
    const items = entries.map((entry, i) => {
      const actor = actors[i] as ReturnType<typeof parseActor>;
      const name =
        actor.kind === 'user'
          ? users.get(actor.id as string)
          : actor.kind === 'token'
            ? tokens.get(actor.id as string)
            : null;
      return {
        id: entry.id,
        at: entry.at.toISOString(),
        actor: { ...actor, name: name ?? null },
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId,
        before: entry.before ?? null,
        after: entry.after ?? null,
      };
    });
    return c.json({ items, total, limit: query.limit, offset: query.offset }, 200);
  });

  return router;
}
