// Issues API tokens; only the SHA-256 of a token is stored.
import { ApiToken } from '../../db/entities/api-token.entity.ts';
import { newId } from '../../db/entities/base.ts';
import { USER_ROLES } from '../../db/entities/user.entity.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requireRole } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newToken, sha256Hex } from '../../lib/secrets.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as routes from './tokens.routes.ts';

// Lower index = more power; a token may not outrank its creator.
const rank = (role: (typeof USER_ROLES)[number]) => USER_ROLES.indexOf(role);

const toDto = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
});

export function tokensRouter(): AppRouter {
  const router = createRouter();
  router.use('/api/tokens', requireRole());
  router.use('/api/tokens/*', requireRole());

  router.openapi(routes.createToken, async (c) => {
    const principal = principalOf(c);
    const body = c.req.valid('json');
    const role = body.role ?? principal.role;
    if (rank(role) < rank(principal.role)) {
      throw new AppError(403, 'auth.role_too_high', `A ${principal.role} cannot create a token with role ${role}`);
    }
    const em = c.get('em');
    const value = newToken('ys');
    const token = em.create(ApiToken, {
      id: newId(),
      name: body.name,
      role,
      tokenHash: sha256Hex(value),
      createdBy: principal.userId,
    });
    recordAudit(em, principal, 'token.create', 'api_token', token.id, null, { name: token.name, role });
    await em.flush();
    return c.json({ ...toDto(token), token: value }, 201);
  });

  router.openapi(routes.listTokens, async (c) => {
    const principal = principalOf(c);
    const tokens = await c
      .get('em')
      .find(ApiToken, { createdBy: principal.userId, revokedAt: null }, { orderBy: { createdAt: 'desc' } });
    return c.json({ items: tokens.map(toDto) }, 200);
  });

  router.openapi(routes.revokeToken, async (c) => {
    const principal = principalOf(c);
    const em = c.get('em');
    const token = await em.findOne(ApiToken, { id: c.req.valid('param').id, revokedAt: null });
    // someone else's token is "not found" rather than forbidden, so ids cannot be probed
    if (!token || (token.createdBy !== principal.userId && principal.role !== 'admin')) throw notFound('Token');
    token.revokedAt = new Date();
    recordAudit(em, principal, 'token.revoke', 'api_token', token.id, toDto(token), null);
    await em.flush();
    return c.body(null, 204);
  });

  return router;
}
