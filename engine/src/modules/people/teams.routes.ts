// Teams: groups of employees inside a department, with an optional lead.
import { createRoute, z } from '@hono/zod-openapi';
import { requirePermission } from '../../http/auth.middleware.ts';
import { conflictResponse, errorResponses, notFoundResponse, security } from '../../http/openapi-common.ts';
import { Key } from './departments.routes.ts';

export const TeamSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    departmentId: z.string(),
    leadId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Team');

const TeamInput = z
  .object({
    key: Key,
    name: z.string().trim().min(1).max(200),
    departmentId: z.string(),
    leadId: z.string().nullable().default(null),
  })
  .strict()
  .openapi('TeamInput');

const TeamPatch = z
  .object({
    key: Key,
    name: z.string().trim().min(1).max(200),
    departmentId: z.string(),
    leadId: z.string().nullable(),
  })
  .partial()
  .strict()
  .openapi('TeamPatch');

const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const one = (description: string) => ({ description, content: { 'application/json': { schema: TeamSchema } } });
const read = requirePermission('people.read');
const write = requirePermission('people.write');

export const listTeams = createRoute({
  method: 'get',
  path: '/api/teams',
  tags: ['people'],
  summary: 'Teams in the departments the caller may see',
  security,
  middleware: read,
  request: { query: z.object({ department: z.string().optional() }) },
  responses: {
    200: {
      description: 'Teams',
      content: { 'application/json': { schema: z.object({ items: z.array(TeamSchema) }) } },
    },
    ...errorResponses,
  },
});

export const getTeam = createRoute({
  method: 'get',
  path: '/api/teams/{id}',
  tags: ['people'],
  summary: 'One team',
  security,
  middleware: read,
  request: { params: idParam },
  responses: { 200: one('The team'), ...errorResponses, ...notFoundResponse },
});

export const createTeam = createRoute({
  method: 'post',
  path: '/api/teams',
  tags: ['people'],
  summary: 'Create a team',
  security,
  middleware: write,
  request: { body: { required: true, content: { 'application/json': { schema: TeamInput } } } },
  responses: { 201: one('Created'), ...errorResponses, ...conflictResponse },
});

export const updateTeam = createRoute({
  method: 'patch',
  path: '/api/teams/{id}',
  tags: ['people'],
  summary: 'Change a team',
  security,
  middleware: write,
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: TeamPatch } } } },
  responses: { 200: one('Updated'), ...errorResponses, ...notFoundResponse, ...conflictResponse },
});

export const deleteTeam = createRoute({
  method: 'delete',
  path: '/api/teams/{id}',
  tags: ['people'],
  summary: 'Delete a team without members',
  security,
  middleware: write,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses, ...notFoundResponse, ...conflictResponse },
});
