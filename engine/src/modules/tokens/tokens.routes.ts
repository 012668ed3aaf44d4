// API tokens for scripts: created by a signed-in user, shown once, sent as `Authorization: Bearer`.
import { createRoute, z } from '@hono/zod-openapi';
import { USER_ROLES } from '../../db/entities/user.entity.ts';
import { ErrorSchema, errorResponses, notFoundResponse, security } from '../../http/openapi-common.ts';

const Role = z.enum(USER_ROLES);

export const TokenSchema = z
  .object({ id: z.string(), name: z.string(), role: Role, createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .openapi('ApiToken');

export const createToken = createRoute({
  method: 'post',
  path: '/api/tokens',
  tags: ['auth'],
  summary: 'Create an API token (shown once)',
  security,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              name: z.string().min(1).max(200),
              role: Role.optional().openapi({ description: 'defaults to the creator’s role; never above it' }),
            })
            .openapi('CreateTokenRequest'),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Created; `token` is not retrievable later',
      content: { 'application/json': { schema: TokenSchema.extend({ token: z.string() }) } },
    },
    ...errorResponses,
  },
});

export const listTokens = createRoute({
  method: 'get',
  path: '/api/tokens',
  tags: ['auth'],
  summary: 'The caller’s API tokens (without their values)',
  security,
  responses: {
    200: {
      description: 'Tokens',
      content: { 'application/json': { schema: z.object({ items: z.array(TokenSchema) }) } },
    },
    401: errorResponses[401],
  },
});

export const revokeToken = createRoute({
  method: 'delete',
  path: '/api/tokens/{id}',
  tags: ['auth'],
  summary: 'Revoke one of the caller’s tokens (an admin may revoke anyone’s)',
  security,
  request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    204: { description: 'Revoked; the token stops working at once' },
    401: errorResponses[401],
    403: {
      description: 'A studio session sent no valid X-CSRF-Token (`auth.csrf_invalid`)',
      content: { 'application/json': { schema: ErrorSchema } },
    },
    ...notFoundResponse,
  },
});
