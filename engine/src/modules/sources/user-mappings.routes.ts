// Which CRM user of a source is which employee: the unmapped users a source has seen, and the mappings that
// attribute their events (adding one re-attributes what was kept unmapped).
import { createRoute, z } from '@hono/zod-openapi';
import { conflictResponse, errorResponses, notFoundResponse, security } from '../../http/openapi-common.ts';

const SourceId = z.object({ id: z.string() });
const MappingParams = z.object({ id: z.string(), externalUserId: z.string().min(1).max(200) });

export const UnmappedUserSchema = z
  .object({
    externalUserId: z.string().openapi({ description: "the CRM's user id" }),
    events: z.number().int().openapi({ description: 'events kept unmapped for this user' }),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    lastEventType: z.string(),
  })
  .openapi('UnmappedCrmUser');

export const UserMappingSchema = z
  .object({
    sourceId: z.string(),
    externalUserId: z.string(),
    employeeId: z.string(),
    employeeName: z.string(),
  })
  .openapi('CrmUserMapping');

export const listUnmappedUsers = createRoute({
  method: 'get',
  path: '/api/sources/{id}/unmapped-users',
  tags: ['sources'],
  summary: 'CRM users whose events are kept unmapped, most recently seen first',
  security,
  request: { params: SourceId },
  responses: {
    200: {
      description: 'Unmapped CRM users',
      content: { 'application/json': { schema: z.object({ items: z.array(UnmappedUserSchema) }) } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const listUserMappings = createRoute({
  method: 'get',
  path: '/api/sources/{id}/user-mappings',
  tags: ['sources'],
  summary: 'The CRM users of a source mapped to employees',
  security,
  request: { params: SourceId },
  responses: {
    200: {
      description: 'Mappings',
      content: { 'application/json': { schema: z.object({ items: z.array(UserMappingSchema) }) } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const putUserMapping = createRoute({
  method: 'put',
  path: '/api/sources/{id}/user-mappings/{externalUserId}',
  tags: ['sources'],
  summary: 'Map a CRM user to an employee; their unmapped events become the employee’s',
  description:
    'Events of this CRM user kept unmapped are attributed to the employee in the same transaction and evaluated by the employee’s workflow. Events already attributed to someone stay where they are. An employee has one CRM user per source.',
  security,
  request: {
    params: MappingParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ employeeId: z.string().min(1) }).openapi('PutCrmUserMappingRequest'),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Mapped',
      content: {
        'application/json': {
          schema: UserMappingSchema.extend({
            reattributed: z.number().int().openapi({ description: 'unmapped events now attributed to the employee' }),
          }),
        },
      },
    },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
  },
});

export const deleteUserMapping = createRoute({
  method: 'delete',
  path: '/api/sources/{id}/user-mappings/{externalUserId}',
  tags: ['sources'],
  summary: 'Unmap a CRM user; their later events are kept unmapped (earlier ones stay attributed)',
  security,
  request: { params: MappingParams },
  responses: {
    204: { description: 'Unmapped' },
    ...errorResponses,
    ...notFoundResponse,
  },
});
