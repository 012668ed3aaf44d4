// Session login for the studio: scrypt-checked passwords, an HttpOnly cookie, server-side sessions.
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { Session } from '../../db/entities/session.entity.ts';
import { User } from '../../db/entities/user.entity.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requireRole, SESSION_COOKIE } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError } from '../../lib/errors.ts';
import { newToken, sha256Hex, verifyPassword } from '../../lib/secrets.ts';
import * as routes from './auth.routes.ts';

// A fixed hash to compare against when the e-mail is unknown, so both paths take the same time.
const DUMMY_HASH =
  'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function authRouter(): AppRouter {
  const router = createRouter();

  router.openapi(routes.login, async (c) => {
    const { email, password } = c.req.valid('json');
    const em = c.get('em');
    const user = await em.findOne(User, { email: email.toLowerCase() });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new AppError(401, 'auth.invalid_credentials', 'E-mail or password is wrong');
    const { env } = c.get('deps');
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
    return c.json({ user: { id: user.id, email: user.email, name: user.name, role: user.role } }, 200);
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
    return c.json(
      { user: { id: principal.userId, email: principal.email, name: principal.name, role: principal.role } },
      200,
    );
  });

  return router;
}
