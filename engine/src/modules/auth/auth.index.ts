// Session login for the studio: scrypt-checked passwords, an HttpOnly cookie, server-side sessions,
// a CSRF token per session, and a throttle on failed logins.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { Session } from '../../db/entities/session.entity.ts';
import { User } from '../../db/entities/user.entity.ts';
import type { AppEnv, AppRouter } from '../../http/app-env.ts';
import { csrfTokenOf, principalOf, requireRole, SESSION_COOKIE } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError } from '../../lib/errors.ts';
import { newToken, sha256Hex, verifyPassword } from '../../lib/secrets.ts';
import * as routes from './auth.routes.ts';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.ts';

// A fixed hash to compare against when the e-mail is unknown, so both paths take the same time.
const DUMMY_HASH =
  'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** The client's address: the socket's peer, or behind a trusted proxy the last X-Forwarded-For hop. */
function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}

export function authRouter(): AppRouter {
  const router = createRouter();
  let throttle: LoginThrottle | undefined;

  router.openapi(routes.login, async (c) => {
    const { email: typed, password } = c.req.valid('json');
    const email = typed.toLowerCase();
    const { env } = c.get('deps');
    throttle ??= createLoginThrottle({
      maxFailuresPerEmail: env.LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_IP,
      windowMs: env.LOGIN_WINDOW_MINUTES * 60_000,
    });
    const address = clientAddress(c, env.TRUST_PROXY);
    const wait = throttle.retryAfter(email, address);
    if (wait > 0) {
      c.get('log').warn({ email, address }, 'login throttled');
      c.header('Retry-After', String(wait));
      throw new AppError(429, 'auth.rate_limited', `Too many failed sign-in attempts; try again in ${wait} s`);
    }
    const em = c.get('em');
    const user = await em.findOne(User, { email });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      throttle.recordFailure(email, address);
      throw new AppError(401, 'auth.invalid_credentials', 'E-mail or password is wrong');
    }
    throttle.recordSuccess(email);
    if (user.deactivatedAt) throw new AppError(403, 'auth.user_deactivated', 'This user has been deactivated');
    const token = newToken('yss');
    const expiresAt = new Date(Date.now() + env.SESSION_TTL_HOURS * 3_600_000);
    em.create(Session, { tokenHash: sha256Hex(token), user: user.id, expiresAt });
    await em.flush();
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: env.COOKIE_SECURE,
      path: '/',
      expires: expiresAt,
    });
    c.get('log').info({ userId: user.id }, 'signed in');
    return c.json(
      {
        user: { id: user.id, email: user.email, name: user.name, role: user.role, employeeId: user.employee ?? null },
        csrfToken: csrfTokenOf(token),
      },
      200,
    );
  });

  router.openapi(routes.logout, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await c.get('em').nativeDelete(Session, { tokenHash: sha256Hex(token) });
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  router.use(routes.me.getRoutingPath(), requireRole());
  router.openapi(routes.me, (c) => {
    const principal = principalOf(c);
    const cookie = getCookie(c, SESSION_COOKIE);
    return c.json(
      {
        user: {
          id: principal.userId,
          email: principal.email,
          name: principal.name,
          role: principal.role,
          employeeId: principal.employeeId,
        },
        csrfToken: principal.kind === 'user' && cookie ? csrfTokenOf(cookie) : null,
      },
      200,
    );
  });

  return router;
}
