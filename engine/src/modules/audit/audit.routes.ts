// The audit log: who changed what, with the record before and after, newest first.
import { createRoute, z } from '@hono/zod-openapi';
import { requirePermission } from '../../http/auth.middleware.ts';
import { errorResponses, security } from '../../http/openapi-common.ts';

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({
      kind: z.enum(['user', 'token', 'system']),
      id: z.string().nullable(),
      name: z.string().nullable().openapi({ description: 'the user’s e-mail or the token’s name, while they exist' }),
    }),
    action: z.string().openapi({ example: 'employee.update' }),
    entity: z.string().openapi({ example: 'employee' }),
    entityId: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
  })
  .openapi('AuditEntry');

const Instant = z.string().datetime({ offset: true });

export const listAudit = createRoute({
  method: 'get',
  path: '/api/audit',
  tags: ['audit'],
  summary: 'The audit log, filtered by entity and time (admin)',
  security,
  middleware: requirePermission('audit.read'),
  request: {
    query: z.object({
      entity: z.string().optional().openapi({
        example: 'employee',
        description:
          'organization, calendar_year, department, team, employee, app_user, api_token, and the KPI and ledger records',
      }),
      entityId: z.string().optional(),
      action: z.string().optional(),
      from: Instant.optional().openapi({ description: 'inclusive' }),
      to: Instant.optional().openapi({ description: 'exclusive' }),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: {
      description: 'Entries, newest first; `total` counts every match',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(AuditEntrySchema),
            total: z.number().int(),
            limit: z.number().int(),
            offset: z.number().int(),
          }),
        },
      },
    },
    ...errorResponses,
  },
});
