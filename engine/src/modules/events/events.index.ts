// GET /api/events: the normalized CRM events, filtered by employee, type and time.
import { createRoute, z } from '@hono/zod-openapi';
import type { FilterQuery } from '@mikro-orm/core';
import { Event } from '../../db/entities/event.entity.ts';
import { accessScopeOf, employeeFilter } from '../../http/access-scope.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { errorResponses, security } from '../../http/openapi-common.ts';
import { eventAmount } from './event-amount.ts';

const EventSchema = z
  .object({
    id: z.string(),
    sourceId: z.string(),
    externalId: z.string(),
    type: z.string(),
    occurredAt: z.string(),
    employeeId: z.string().nullable(),
    externalEmployeeId: z.string().nullable(),
    amount: z.string().nullable().openapi({ description: 'decimal string' }),
    currency: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()),
    deliveryId: z.string().nullable(),
  })
  .openapi('Event');

const listEvents = createRoute({
  method: 'get',
  path: '/api/events',
  tags: ['events'],
  summary: 'CRM events, newest first',
  security,
  request: {
    query: z.object({
      employee: z.string().optional(),
      type: z.string().optional(),
      unmapped: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ description: 'true: only events whose CRM user maps to no employee yet' }),
      from: z.string().datetime({ offset: true }).optional(),
      to: z.string().datetime({ offset: true }).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: {
    200: {
      description: 'Events',
      content: { 'application/json': { schema: z.object({ items: z.array(EventSchema) }) } },
    },
    ...errorResponses,
  },
});

export function eventsRouter(): AppRouter {
  const router = createRouter();
  router.use('/api/events', requirePermission('events.read'));
  router.openapi(listEvents, async (c) => {
    const query = c.req.valid('query');
    const where: FilterQuery<Event> = {};
    // managers see their departments' events only (not unattributed ones), employees their own;
    // the filters narrow that scope, never widen it
    const scope = employeeFilter(await accessScopeOf(c.get('em'), principalOf(c)));
    const narrowed: FilterQuery<Event>[] = [];
    if (scope) narrowed.push({ employee: scope });
    if (query.employee) narrowed.push({ employee: query.employee });
    if (query.unmapped === 'true') narrowed.push({ employee: null });
    if (query.unmapped === 'false') narrowed.push({ employee: { $ne: null } });
    if (narrowed.length > 0) where.$and = narrowed;
    if (query.type) where.type = query.type;
    if (query.from || query.to) {
      where.occurredAt = {
        ...(query.from ? { $gte: new Date(query.from) } : {}),
        ...(query.to ? { $lt: new Date(query.to) } : {}),
      };
    }
    const events = await c
      .get('em')
      .find(Event, where, { orderBy: { occurredAt: 'desc', id: 'asc' }, limit: query.limit });
    return c.json(
      {
        items: events.map((e) => ({
          id: e.id,
          sourceId: e.source,
          externalId: e.externalId,
          type: e.type,
          occurredAt: e.occurredAt.toISOString(),
          employeeId: e.employee ?? null,
          externalEmployeeId: e.externalEmployeeId ?? null,
          amount: eventAmount(e),
          currency: e.currency ?? null,
          attributes: e.attributes,
          deliveryId: e.delivery ?? null,
        })),
      },
      200,
    );
  });
  return router;
}
