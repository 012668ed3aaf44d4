// Employees: job role, department, team, manager, CRM ids per source, base bonus and employment dates.
import { createRoute, z } from '@hono/zod-openapi';
import { isValidDate } from '../../domain/period.ts';
import { requirePermission } from '../../http/auth.middleware.ts';
import { conflictResponse, errorResponses, notFoundResponse, security } from '../../http/openapi-common.ts';
import { isCurrencyCode } from '../../lib/intl-codes.ts';

export const MoneySchema = z
  .object({
    amount: z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'A non-negative decimal string, e.g. "60000.00"')
      .openapi({ example: '60000.00' }),
    currency: z.string().refine(isCurrencyCode, 'Not an ISO 4217 currency code').openapi({ example: 'RUB' }),
  })
  .openapi('Money');

const Day = z.string().refine(isValidDate, 'Not a calendar date YYYY-MM-DD');

export const EmployeeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    role: z.string().openapi({ description: 'job role, e.g. sales or head_of_sales (not the login role)' }),
    departmentId: z.string(),
    teamId: z.string().nullable(),
    managerId: z.string().nullable(),
    externalIds: z.record(z.string(), z.string()).openapi({ example: { demo: 'crm-102' } }),
    baseBonus: MoneySchema,
    hiredOn: z.string().nullable(),
    leftOn: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Employee');

const fields = {
  name: z.string().trim().min(1).max(200),
  email: z.string().email().nullable(),
  role: z.string().trim().min(1).max(64),
  departmentId: z.string(),
  teamId: z.string().nullable(),
  managerId: z.string().nullable(),
  externalIds: z
    .record(z.string().min(1), z.string().trim().min(1).max(255))
    .openapi({ description: 'source id → the CRM’s user id; replaces the whole map when given' }),
  baseBonus: MoneySchema,
  hiredOn: Day.nullable(),
  leftOn: Day.nullable(),
};

const EmployeeInput = z
  .object(fields)
  .partial({
    email: true,
    teamId: true,
    managerId: true,
    externalIds: true,
    baseBonus: true,
    hiredOn: true,
    leftOn: true,
  })
  .strict()
  .openapi('EmployeeInput');
const EmployeePatch = z.object(fields).partial().strict().openapi('EmployeePatch');

const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const one = (description: string) => ({ description, content: { 'application/json': { schema: EmployeeSchema } } });
const read = requirePermission('people.read');
const write = requirePermission('people.write');

export const listEmployees = createRoute({
  method: 'get',
  path: '/api/employees',
  tags: ['people'],
  summary: 'Employees the caller may see (a manager: their departments; an employee: themself)',
  security,
  middleware: read,
  request: {
    query: z.object({
      department: z.string().optional(),
      team: z.string().optional(),
      externalId: z.string().optional().openapi({ description: '`sourceId:crmUserId`' }),
      limit: z.coerce.number().int().min(1).max(1000).default(500),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: {
      description: 'Employees by name',
      content: {
        'application/json': { schema: z.object({ items: z.array(EmployeeSchema), total: z.number().int() }) },
      },
    },
    ...errorResponses,
  },
});

export const getEmployee = createRoute({
  method: 'get',
  path: '/api/employees/{id}',
  tags: ['people'],
  summary: 'One employee',
  security,
  middleware: read,
  request: { params: idParam },
  responses: { 200: one('The employee'), ...errorResponses, ...notFoundResponse },
});

export const createEmployee = createRoute({
  method: 'post',
  path: '/api/employees',
  tags: ['people'],
  summary: 'Create an employee',
  security,
  middleware: write,
  request: { body: { required: true, content: { 'application/json': { schema: EmployeeInput } } } },
  responses: { 201: one('Created'), ...errorResponses, ...conflictResponse },
});

export const updateEmployee = createRoute({
  method: 'patch',
  path: '/api/employees/{id}',
  tags: ['people'],
  summary: 'Change an employee',
  security,
  middleware: write,
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: EmployeePatch } } } },
  responses: { 200: one('Updated'), ...errorResponses, ...notFoundResponse, ...conflictResponse },
});

export const deleteEmployee = createRoute({
  method: 'delete',
  path: '/api/employees/{id}',
  tags: ['people'],
  summary: 'Delete an employee without history (one with events, plans or a login gets `leftOn` instead)',
  security,
  middleware: write,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses, ...notFoundResponse, ...conflictResponse },
});
