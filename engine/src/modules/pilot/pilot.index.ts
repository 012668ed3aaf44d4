// GET /api/schemes/:id/pilot-diff: bonus figures, so for those who may read bonuses, within their scope.
import { type Period, PeriodError, parsePeriod } from '../../domain/period.ts';
import { accessScopeOf } from '../../http/access-scope.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError } from '../../lib/errors.ts';
import * as routes from './pilot.routes.ts';
import { pilotDiff } from './pilot-diff.ts';

export function pilotRouter(): AppRouter {
  const router = createRouter();
  router.get('/api/schemes/:id/pilot-diff', requirePermission('bonuses.read'));

  router.openapi(routes.getPilotDiff, async (c) => {
    const { id } = c.req.valid('param');
    let period: Period;
    try {
      period = parsePeriod(c.req.valid('query').period);
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      throw new AppError(422, 'validation.failed', error.message, [{ path: '/period', message: error.message }]);
    }
    const em = c.get('em');
    return c.json(await pilotDiff(em, id, period, await accessScopeOf(em, principalOf(c))), 200);
  });

  return router;
}
