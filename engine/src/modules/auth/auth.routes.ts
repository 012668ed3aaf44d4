// Login, logout and "who am I" for the studio's session cookie.
import { createRoute, z } from '@hono/zod-openapi';
import { USER_ROLES } from '../../db/entities/user.entity.ts';
import { errorResponses, security } from '../../http/openapi-common.ts';

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(USER_ROLES),
  })
  .openapi('User');

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
    200: { description: 'Signed in', content: { 'application/json': { schema: z.object({ user: UserSchema }) } } },
    401: errorResponses[401],
    422: errorResponses[422],
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
    200: { description: 'The caller', content: { 'application/json': { schema: z.object({ user: UserSchema }) } } },
    401: errorResponses[401],
  },
});
