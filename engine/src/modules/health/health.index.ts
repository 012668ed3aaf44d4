// GET /api/health: is the database reachable, is Temporal reachable. 503 with details when not.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppRouter } from '../../http/app-env.ts';
import { createRouter } from '../../http/create-router.ts';

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    db: z.enum(['ok', 'down']),
    temporal: z.enum(['ok', 'down']),
    details: z.record(z.string(), z.string()).optional(),
  })
  .openapi('Health');

const health = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['system'],
  summary: 'Liveness of the engine and its dependencies',
  responses: {
    200: { description: 'Everything is up', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'A dependency is down', content: { 'application/json': { schema: HealthSchema } } },
  },
});

export function healthRouter(): AppRouter {
  const router = createRouter();
  router.openapi(health, async (c) => {
    const { orm, temporal } = c.get('deps');
    const details: Record<string, string> = {};
    const db = await orm.em
      .fork()
      .getConnection()
      .execute('select 1')
      .then(() => 'ok' as const)
      .catch((error: unknown) => {
        details.db = String(error);
        return 'down' as const;
      });
    const temporalStatus = await temporal.check().then((problem) => {
      if (problem) details.temporal = problem;
      return problem ? ('down' as const) : ('ok' as const);
    });
    const ok = db === 'ok' && temporalStatus === 'ok';
    const body = {
      status: ok ? ('ok' as const) : ('degraded' as const),
      db,
      temporal: temporalStatus,
      ...(ok ? {} : { details }),
    };
    return ok ? c.json(body, 200) : c.json(body, 503);
  });
  return router;
}
