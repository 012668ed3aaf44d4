// Identifies the caller from the session cookie or a bearer token; routes then demand a role.
// Cookie-authenticated writes must also carry the session's CSRF token.
import { timingSafeEqual } from 'node:crypto';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { ApiToken } from '../db/entities/api-token.entity.ts';
import { Session } from '../db/entities/session.entity.ts';
import { User, type UserRole } from '../db/entities/user.entity.ts';
import { AppError, forbidden, unauthorized } from '../lib/errors.ts';
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
    if (!user || user.deactivatedAt) return undefined;
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
    if (!user || user.deactivatedAt) return undefined;
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

export const CSRF_HEADER = 'x-csrf-token';

/**
 * The CSRF token of a session: derived from the cookie value, which only the browser holding the
 * HttpOnly cookie and the server know. Nothing extra is stored, and it changes with every login.
 */
export function csrfTokenOf(sessionToken: string): string {
  return sha256Hex(`ys-csrf:${sessionToken}`);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Login has no session yet; a forged logout can only end the victim's own session.
const CSRF_EXEMPT = new Set(['/api/auth/login', '/api/auth/logout']);

/**
 * Refuses a write authenticated by the session cookie unless `X-CSRF-Token` carries the session's
 * token (403 `auth.csrf_invalid`). Bearer-token callers are exempt: a browser never attaches those
 * on its own. Runs after identify().
 */
export function requireCsrfToken() {
  return createMiddleware<AppEnv>(async function checkCsrfToken(c, next) {
    const principal = c.get('principal');
    if (principal?.kind === 'user' && !SAFE_METHODS.has(c.req.method) && !CSRF_EXEMPT.has(c.req.path)) {
      const expected = Buffer.from(csrfTokenOf(getCookie(c, SESSION_COOKIE) ?? ''));
      const sent = Buffer.from(c.req.header(CSRF_HEADER) ?? '');
      if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
        throw new AppError(
          403,
          'auth.csrf_invalid',
          'Send the session’s CSRF token (from login or GET /api/auth/me) in the X-CSRF-Token header',
        );
      }
    }
    await next();
  });
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
