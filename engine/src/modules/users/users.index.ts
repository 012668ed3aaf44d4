// User administration. The last active admin cannot be demoted, deactivated or deleted, so an
// installation never locks itself out; a demoted user's stronger tokens are revoked with the change.
import type { EntityManager } from '@mikro-orm/sql';
import { ApiToken } from '../../db/entities/api-token.entity.ts';
import { newId } from '../../db/entities/base.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Session } from '../../db/entities/session.entity.ts';
import { USER_ROLES, User, type UserRole } from '../../db/entities/user.entity.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { notFound } from '../../lib/errors.ts';
import { hashPassword } from '../../lib/secrets.ts';
import { recordAudit, recordAuditOfChange } from '../audit/audit.service.ts';
import { conflict, invalid, mapConstraintErrors } from '../people/write-conflicts.ts';
import * as routes from './users.routes.ts';

export const userDto = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  employeeId: u.employee ?? null,
  active: !u.deactivatedAt,
  deactivatedAt: u.deactivatedAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
});

const rank = (role: UserRole) => USER_ROLES.indexOf(role);

async function checkEmployeeLink(em: EntityManager, employeeId: string | null, selfId: string | null) {
  if (!employeeId) return;
  if (!(await em.findOne(Employee, { id: employeeId }))) {
    throw invalid('user.invalid', [{ path: '/employeeId', message: `No employee ${employeeId}` }]);
  }
  const other = await em.findOne(User, { employee: employeeId, ...(selfId ? { id: { $ne: selfId } } : {}) });
  if (other) {
    throw conflict('user.employee_linked', `That employee already signs in as ${other.email}`, '/employeeId');
  }
}

/** Refuses a change that would leave no active admin. */
async function keepAnAdmin(em: EntityManager, user: User, change: string) {
  if (user.role !== 'admin' || user.deactivatedAt) return;
  const admins = await em.count(User, { role: 'admin', deactivatedAt: null, id: { $ne: user.id } });
  if (admins === 0) throw conflict('user.last_admin', `${user.email} is the last active admin and cannot be ${change}`);
}

const emailTaken = (email: string) =>
  conflict('user.email_taken', `A user with e-mail ${email} already exists`, '/email');

export function usersRouter(): AppRouter {
  const router = createRouter();

  router.openapi(routes.listUsers, async (c) => {
    const users = await c.get('em').find(User, {}, { orderBy: { email: 'asc' } });
    return c.json({ items: users.map(userDto) }, 200);
  });

  router.openapi(routes.getUser, async (c) => {
    const user = await c.get('em').findOne(User, { id: c.req.valid('param').id });
    if (!user) throw notFound('User');
    return c.json(userDto(user), 200);
  });

  router.openapi(routes.createUser, async (c) => {
    const principal = principalOf(c);
    const body = c.req.valid('json');
    const email = body.email.toLowerCase();
    const passwordHash = await hashPassword(body.password);
    const dto = await mapConstraintErrors(
      () =>
        c.get('em').transactional(async (em) => {
          if (await em.findOne(User, { email })) throw emailTaken(email);
          await checkEmployeeLink(em, body.employeeId, null);
          const user = em.create(User, {
            id: newId(),
            email,
            name: body.name,
            passwordHash,
            role: body.role,
            employee: body.employeeId,
            deactivatedAt: null,
          });
          await em.flush();
          recordAudit(em, principal, 'user.create', 'app_user', user.id, null, userDto(user));
          return userDto(user);
        }),
      { unique: () => emailTaken(email) },
    );
    return c.json(dto, 201);
  });

  router.openapi(routes.updateUser, async (c) => {
    const principal = principalOf(c);
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
    const dto = await c.get('em').transactional(async (em) => {
      const user = await em.findOne(User, { id });
      if (!user) throw notFound('User');
      const before = userDto(user);
      if (patch.role !== undefined && patch.role !== 'admin') await keepAnAdmin(em, user, 'demoted');
      if (patch.active === false) await keepAnAdmin(em, user, 'deactivated');
      if (patch.employeeId !== undefined) await checkEmployeeLink(em, patch.employeeId, id);

      if (patch.name !== undefined) user.name = patch.name;
      if (patch.employeeId !== undefined) user.employee = patch.employeeId;
      if (passwordHash) user.passwordHash = passwordHash;
      if (patch.role !== undefined && patch.role !== user.role) {
        user.role = patch.role;
        // a token may not outrank its creator, also after the creator is demoted
        const stronger = USER_ROLES.filter((r) => rank(r) < rank(user.role));
        await em.nativeUpdate(
          ApiToken,
          { createdBy: id, revokedAt: null, role: { $in: stronger } },
          { revokedAt: new Date() },
        );
      }
      if (patch.active === false && !user.deactivatedAt) {
        user.deactivatedAt = new Date();
        await em.nativeUpdate(ApiToken, { createdBy: id, revokedAt: null }, { revokedAt: new Date() });
      }
      if (patch.active === true) user.deactivatedAt = null;
      // a new password or a deactivation signs the user out everywhere
      if (passwordHash || patch.active === false) await em.nativeDelete(Session, { user: id });
      await em.flush();
      const after = userDto(user);
      recordAuditOfChange(em, principal, 'user.update', 'app_user', id, before, {
        ...after,
        ...(passwordHash ? { passwordChanged: true } : {}),
      });
      return after;
    });
    return c.json(dto, 200);
  });

  router.openapi(routes.deleteUser, async (c) => {
    const principal = principalOf(c);
    const { id } = c.req.valid('param');
    await c.get('em').transactional(async (em) => {
      const user = await em.findOne(User, { id });
      if (!user) throw notFound('User');
      await keepAnAdmin(em, user, 'deleted');
      recordAudit(em, principal, 'user.delete', 'app_user', id, userDto(user), null);
      await em.nativeDelete(Session, { user: id });
      await em.nativeDelete(ApiToken, { createdBy: id });
      em.remove(user);
      await em.flush();
    });
    return c.body(null, 204);
  });

  return router;
}
