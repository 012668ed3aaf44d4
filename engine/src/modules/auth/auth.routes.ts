// Login, logout and "who am I" for the studio's session cookie.
import { createRoute, z } from '@hono/zod-openapi';
import { USER_ROLES } from '../../db/entities/user.entity.ts';
import { ErrorSchema, errorResponses, security } from '../../http/openapi-common.ts';

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(USER_ROLES),
    employeeId: z.string().nullable().openapi({ description: 'the employee this login is, if any' }),
  })
  .openapi('User');

const SessionSchema = z
  .object({
    user: UserSchema,
    csrfToken: z
      .string()
      .nullable()
      .openapi({ description: 'send as X-CSRF-Token with every POST/PUT/PATCH/DELETE made with the session cookie' }),
  })
  .openapi('Session');

export const login = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: 'Sign in; sets the session cookie',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ email: z.string().email(), password: z.string().min(1) }).openapi('LoginRequest'),
        },
      },
    },
  },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: SessionSchema } } },
    401: errorResponses[401],
    403: { description: 'The user is deactivated', content: { 'application/json': { schema: ErrorSchema } } },
    422: errorResponses[422],
    429: {
      description: 'Too many failed attempts for this e-mail or address; see Retry-After',
      headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } },
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

export const logout = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'Sign out; ends the session',
  responses: { 204: { description: 'Signed out' } },
});

export const me = createRoute({
  method: 'get',
  path: '/api/auth/me',
  tags: ['auth'],
  summary: 'The signed-in user',
  security,
  responses: {
    200: {
      description: 'The caller; `csrfToken` is null for bearer-token callers',
      content: { 'application/json': { schema: SessionSchema } },
    },
    401: errorResponses[401],
  },
});
