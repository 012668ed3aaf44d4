// Departments: a tree through `parentId`. Managers see the departments they head and those below.
import { createRoute, z } from '@hono/zod-openapi';
import { requirePermission } from '../../http/auth.middleware.ts';
import { conflictResponse, errorResponses, notFoundResponse, security } from '../../http/openapi-common.ts';

export const Key = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Lower-case letters, digits, "-" and "_"');

export const DepartmentSchema = z
  .object({
    id: z.string(),
    key: z.string().openapi({ example: 'moscow-b2b' }),
    name: z.string(),
    parentId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Department');

const DepartmentInput = z
  .object({ key: Key, name: z.string().trim().min(1).max(200), parentId: z.string().nullable().default(null) })
  .strict()
  .openapi('DepartmentInput');

const DepartmentPatch = z
  .object({ key: Key, name: z.string().trim().min(1).max(200), parentId: z.string().nullable() })
  .partial()
  .strict()
  .openapi('DepartmentPatch');

const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const one = (description: string) => ({
  description,
  content: { 'application/json': { schema: DepartmentSchema } },
});
const read = requirePermission('people.read');
const write = requirePermission('people.write');

export const listDepartments = createRoute({
  method: 'get',
  path: '/api/departments',
  tags: ['people'],
  summary: 'Departments the caller may see, parents before children',
  security,
  middleware: read,
  responses: {
    200: {
      description: 'Departments',
      content: { 'application/json': { schema: z.object({ items: z.array(DepartmentSchema) }) } },
    },
    401: errorResponses[401],
    403: errorResponses[403],
  },
});

export const getDepartment = createRoute({
  method: 'get',
  path: '/api/departments/{id}',
  tags: ['people'],
  summary: 'One department',
  security,
  middleware: read,
  request: { params: idParam },
  responses: { 200: one('The department'), ...errorResponses, ...notFoundResponse },
});

export const createDepartment = createRoute({
  method: 'post',
  path: '/api/departments',
  tags: ['people'],
  summary: 'Create a department',
  security,
  middleware: write,
  request: { body: { required: true, content: { 'application/json': { schema: DepartmentInput } } } },
  responses: { 201: one('Created'), ...errorResponses, ...conflictResponse },
});

export const updateDepartment = createRoute({
  method: 'patch',
  path: '/api/departments/{id}',
  tags: ['people'],
  summary: 'Rename, re-key or move a department (a move that makes a cycle is refused)',
  security,
  middleware: write,
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: DepartmentPatch } } } },
  responses: { 200: one('Updated'), ...errorResponses, ...notFoundResponse, ...conflictResponse },
});

export const deleteDepartment = createRoute({
  method: 'delete',
  path: '/api/departments/{id}',
  tags: ['people'],
  summary: 'Delete an empty department (no employees, teams, sub-departments or plans)',
  security,
  middleware: write,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses, ...notFoundResponse, ...conflictResponse },
});
