// Logins (admin only): e-mail, password, role, the employee a login is, and deactivation.
import { createRoute, z } from '@hono/zod-openapi';
import { USER_ROLES } from '../../db/entities/user.entity.ts';
import { requirePermission } from '../../http/auth.middleware.ts';
import { conflictResponse, errorResponses, notFoundResponse, security } from '../../http/openapi-common.ts';

const Role = z.enum(USER_ROLES);
const Password = z.string().min(8, 'At least 8 characters').max(200);

export const UserAccountSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: Role,
    employeeId: z.string().nullable(),
    active: z.boolean(),
    deactivatedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('UserAccount');

const UserInput = z
  .object({
    email: z.string().email(),
    name: z.string().trim().min(1).max(200),
    password: Password,
    role: Role,
    employeeId: z.string().nullable().default(null),
  })
  .strict()
  .openapi('UserInput');

const UserPatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    password: Password,
    role: Role,
    employeeId: z.string().nullable(),
    active: z.boolean().openapi({ description: 'false deactivates: sessions end, tokens are revoked' }),
  })
  .partial()
  .strict()
  .openapi('UserPatch');

const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const one = (description: string) => ({ description, content: { 'application/json': { schema: UserAccountSchema } } });
const middleware = requirePermission('users.manage');

export const listUsers = createRoute({
  method: 'get',
  path: '/api/users',
  tags: ['people'],
  summary: 'Every login (admin)',
  security,
  middleware,
  responses: {
    200: {
      description: 'Users by e-mail',
      content: { 'application/json': { schema: z.object({ items: z.array(UserAccountSchema) }) } },
    },
    401: errorResponses[401],
    403: errorResponses[403],
  },
});

export const getUser = createRoute({
  method: 'get',
  path: '/api/users/{id}',
  tags: ['people'],
  summary: 'One login (admin)',
  security,
  middleware,
  request: { params: idParam },
  responses: { 200: one('The user'), ...errorResponses, ...notFoundResponse },
});

export const createUser = createRoute({
  method: 'post',
  path: '/api/users',
  tags: ['people'],
  summary: 'Create a login (admin)',
  security,
  middleware,
  request: { body: { required: true, content: { 'application/json': { schema: UserInput } } } },
  responses: { 201: one('Created'), ...errorResponses, ...conflictResponse },
});

export const updateUser = createRoute({
  method: 'patch',
  path: '/api/users/{id}',
  tags: ['people'],
  summary: 'Change a login’s name, password, role, employee, or deactivate it (admin)',
  security,
  middleware,
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: UserPatch } } } },
  responses: { 200: one('Updated'), ...errorResponses, ...notFoundResponse, ...conflictResponse },
});

export const deleteUser = createRoute({
  method: 'delete',
  path: '/api/users/{id}',
  tags: ['people'],
  summary: 'Delete a login with its sessions and tokens (admin); the audit log keeps its id',
  security,
  middleware,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses, ...notFoundResponse, ...conflictResponse },
});
