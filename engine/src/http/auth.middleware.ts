// Identifies the caller from the session cookie or a bearer token; routes then demand a role.
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { ApiToken } from '../db/entities/api-token.entity.ts';
import { Session } from '../db/entities/session.entity.ts';
import { User, type UserRole } from '../db/entities/user.entity.ts';
import { forbidden, unauthorized } from '../lib/errors.ts';
import { sha256Hex } from '../lib/secrets.ts';
import type { AppEnv, Principal } from './app-env.ts';
import { type Permission, roleHas } from './permissions.ts';

export const SESSION_COOKIE = 'ys_session';

export function identify() {
  return createMiddleware<AppEnv>(async function identifyCaller(c, next) {
    c.set(
      'principal',
      await resolvePrincipal(c.get('em'), c.req.header('authorization'), getCookie(c, SESSION_COOKIE)),
    );
    await next();
  });
}

async function resolvePrincipal(
  em: AppEnv['Variables']['em'],
  authorization: string | undefined,
  sessionToken: string | undefined,
): Promise<Principal | undefined> {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) {
    const token = await em.findOne(ApiToken, { tokenHash: sha256Hex(bearer), revokedAt: null });
    if (!token) return undefined;
    const user = await em.findOne(User, { id: token.createdBy });
    if (!user) return undefined;
    token.lastUsedAt = new Date();
    await em.flush();
    return {
      kind: 'token',
      userId: user.id,
      email: user.email,
      name: token.name,
      role: token.role,
      employeeId: user.employee ?? null,
      credentialId: token.id,
    };
  }
  if (sessionToken) {
    const digest = sha256Hex(sessionToken);
    const session = await em.findOne(Session, { tokenHash: digest, expiresAt: { $gt: new Date() } });
    if (!session) return undefined;
    const user = await em.findOne(User, { id: session.user });
    if (!user) return undefined;
    return {
      kind: 'user',
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      employeeId: user.employee ?? null,
      credentialId: digest,
    };
  }
  return undefined;
}

/** Rejects callers who are not signed in (401) or whose role lacks the permission (403). */
export function requirePermission(permission: Permission) {
  return createMiddleware<AppEnv>(async function requireCallerPermission(c, next) {
    const principal = c.get('principal');
    if (!principal) throw unauthorized();
    if (!roleHas(principal.role, permission))
      throw forbidden(`Your role (${principal.role}) does not allow ${permission}`);
    await next();
  });
}

/** Rejects callers who are not signed in (401) or whose role is not listed (403). */
export function requireRole(...roles: UserRole[]) {
  return createMiddleware<AppEnv>(async function requireCallerRole(c, next) {
    const principal = c.get('principal');
    if (!principal) throw unauthorized();
    if (roles.length > 0 && !roles.includes(principal.role)) throw forbidden();
    await next();
  });
}

export function principalOf(c: { get(key: 'principal'): Principal | undefined }): Principal {
  const principal = c.get('principal');
  if (!principal) throw unauthorized();
  return principal;
}
