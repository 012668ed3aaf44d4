// Scheme runs through the API: evaluate a period now, list the periods' close state, pause or resume a version's
// schedules. The workflow itself lives in workflows/src/evaluate-scheme.workflow.ts.
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { closeWorkflowId, TASK_QUEUE } from '@yardstick/workflows/shared';
import { Scheme } from '../../db/entities/scheme.entity.ts';
import { SchemePeriod } from '../../db/entities/scheme-period.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { PeriodError, parsePeriod } from '../../domain/period.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { versionView } from '../schemes/schemes.index.ts';
import * as routes from './scheme-runs.routes.ts';

export function schemeRunsRouter(): AppRouter {
  const router = createRouter();
  router.get('/api/schemes/:id/periods', requirePermission('schemes.read'));
  router.post('/api/schemes/:id/versions/:v/evaluate', requirePermission('schemes.publish'));
  router.post('/api/schemes/:id/versions/:v/pause', requirePermission('schemes.publish'));
  router.post('/api/schemes/:id/versions/:v/resume', requirePermission('schemes.publish'));

  router.openapi(routes.evaluateVersion, async (c) => {
    const { id, v } = c.req.valid('param');
    const body = c.req.valid('json');
    try {
      parsePeriod(body.period);
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      throw new AppError(422, 'validation.failed', error.message, [{ path: '/period', message: error.message }]);
    }
    const em = c.get('em');
    const version = await em.findOne(SchemeVersion, { scheme: id, version: v });
    if (!version) throw notFound(`Version ${v} of scheme ${id}`);
    if (version.status !== 'active' && version.status !== 'pilot') {
      throw new AppError(409, 'scheme.not_running', `Version ${v} is ${version.status}; only active and pilot run`, {
        status: version.status,
      });
    }
    if (body.mode === 'close') {
      const closed = await em.findOne(SchemePeriod, { schemeVersion: version.id, period: body.period });
      if (closed?.status === 'locked') {
        throw new AppError(409, 'period.locked', `Period ${body.period} of version ${v} is closed and locked`, {
          period: body.period,
          status: closed.status,
        });
      }
    }
    const workflowId =
      body.mode === 'close'
        ? closeWorkflowId(version.id, body.period)
        : `progress/${version.id}/${body.period}/${crypto.randomUUID()}`;
    let client: Client;
    try {
      client = await c.get('deps').temporal.client();
    } catch (error) {
      throw new AppError(503, 'temporal.unavailable', `Temporal is not reachable: ${(error as Error).message}`);
    }
    try {
      await client.workflow.start('evaluateSchemeWorkflow', {
        workflowId,
        taskQueue: TASK_QUEUE,
        args: [{ schemeVersionId: version.id, mode: body.mode, period: body.period }],
        // a close that failed may run again; one that runs or completed may not
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new AppError(409, 'period.close_started', `The close of ${body.period} already runs or ran`, {
          period: body.period,
          workflowId,
        });
      }
      throw error;
    }
    await em.transactional(async (tx) => {
      recordAudit(tx, principalOf(c), 'scheme_version.evaluate', 'scheme_version', version.id, null, {
        period: body.period,
        mode: body.mode,
        workflowId,
      });
      await tx.flush();
    });
    return c.json({ workflowId }, 202);
  });

  router.openapi(routes.listPeriods, async (c) => {
    const em = c.get('em');
    const { id } = c.req.valid('param');
    if (!(await em.findOne(Scheme, { id }, { fields: ['id'] }))) throw notFound(`Scheme ${id}`);
    const versions = new Map(
      (await em.find(SchemeVersion, { scheme: id }, { fields: ['id', 'version'] })).map((v) => [v.id, v.version]),
    );
    const rows = await em.find(
      SchemePeriod,
      { schemeVersion: { $in: [...versions.keys()] } },
      { orderBy: { period: 'desc', startedAt: 'desc' } },
    );
    return c.json(
      {
        items: rows.map((r) => ({
          versionId: r.schemeVersion,
          version: versions.get(r.schemeVersion) as number,
          period: r.period,
          status: r.status,
          workflowId: r.workflowId,
          participants: r.participants,
          evaluated: r.evaluated,
          proposed: r.proposed,
          reviews: r.reviews,
          startedAt: r.startedAt.toISOString(),
          reviewingAt: r.reviewingAt?.toISOString() ?? null,
          lockedAt: r.lockedAt?.toISOString() ?? null,
        })),
      },
      200,
    );
  });

  for (const [route, paused] of [
    [routes.pauseVersion, true],
    [routes.resumeVersion, false],
  ] as const) {
    router.openapi(route, async (c) => {
      const { id, v } = c.req.valid('param');
      const version = await c.get('em').transactional(async (tx) => {
        const found = await tx.findOne(SchemeVersion, { scheme: id, version: v });
        if (!found) throw notFound(`Version ${v} of scheme ${id}`);
        if (found.status !== 'active' && found.status !== 'pilot') {
          throw new AppError(409, 'scheme.not_running', `Version ${v} is ${found.status}; it has no schedules`, {
            status: found.status,
          });
        }
        if (found.paused === paused) {
          throw new AppError(
            409,
            'scheme.invalid_transition',
            `Version ${v} is already ${paused ? 'paused' : 'running'}`,
            {
              paused,
            },
          );
        }
        found.paused = paused;
        recordAudit(
          tx,
          principalOf(c),
          paused ? 'scheme_version.pause' : 'scheme_version.resume',
          'scheme_version',
          found.id,
          { paused: !paused },
          { paused },
        );
        await tx.flush();
        return found;
      });
      c.get('deps').schedules.kick();
      return c.json(versionView(version), 200);
    });
  }

  return router;
}
