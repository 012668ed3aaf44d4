// The metric catalog's routes: read for everyone signed in, written by admin and HR, audited.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { newId } from '../../db/entities/base.ts';
import { Metric } from '../../db/entities/metric.entity.ts';
import { Plan } from '../../db/entities/plan.entity.ts';
import { DEFAULT_THRESHOLDS } from '../../domain/progress-status.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { dependenciesOf } from './metric.service.ts';
import { checkMetricDefinition } from './metric-definition.ts';
import * as routes from './metrics.routes.ts';

export const metricDto = (m: Metric) => ({
  id: m.id,
  key: m.key,
  name: m.name,
  aggregation: m.aggregation,
  field: m.field ?? null,
  filter: m.filter ?? null,
  params: (m.params ?? null) as Record<string, unknown> | null,
  unit: m.unit,
  direction: m.direction,
  thresholds: m.thresholds ?? DEFAULT_THRESHOLDS,
  visibility: m.visibility,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
});

const keyTaken = (key: string) => new AppError(409, 'metric.key_taken', `A metric with key "${key}" exists`, { key });

async function findMetric(em: EntityManager, idOrKey: string): Promise<Metric> {
  const metric = await em.findOne(Metric, { $or: [{ id: idOrKey }, { key: idOrKey }] });
  if (!metric) throw notFound(`Metric ${idOrKey}`);
  return metric;
}

async function catalogOf(em: EntityManager): Promise<Map<string, Metric>> {
  return new Map((await em.find(Metric, {})).map((m) => [m.key, m]));
}

export function metricsRouter(): AppRouter {
  const router = createRouter();
  router.on('GET', ['/api/metrics', '/api/metrics/*'], requirePermission('metrics.read'));
  router.on(['POST', 'PATCH', 'DELETE'], ['/api/metrics', '/api/metrics/*'], requirePermission('metrics.write'));

  router.openapi(routes.listMetrics, async (c) => {
    const metrics = await c.get('em').find(Metric, {}, { orderBy: { key: 'asc' } });
    return c.json({ items: metrics.map(metricDto) }, 200);
  });

  router.openapi(routes.getMetric, async (c) =>
    c.json(metricDto(await findMetric(c.get('em'), c.req.valid('param').id)), 200),
  );

  router.openapi(routes.createMetric, async (c) => {
    const body = c.req.valid('json');
    const principal = principalOf(c);
    const metric = await c.get('em').transactional(async (em) => {
      const catalog = await catalogOf(em);
      if (catalog.has(body.key)) throw keyTaken(body.key);
      const definition = {
        key: body.key,
        aggregation: body.aggregation,
        field: body.field ?? null,
        filter: body.filter ?? null,
        params: (body.params ?? null) as Metric['params'],
      };
      checkMetricDefinition(definition, catalog);
      const created = em.create(Metric, {
        id: newId(),
        ...definition,
        name: body.name,
        unit: body.unit,
        direction: body.direction,
        thresholds: body.thresholds ?? null,
        visibility: body.visibility,
      });
      recordAudit(em, principal, 'metric.create', 'metric', created.id, null, metricDto(created));
      try {
        await em.flush();
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) throw keyTaken(body.key);
        throw error;
      }
      return created;
    });
    return c.json(metricDto(metric), 201);
  });

  router.openapi(routes.updateMetric, async (c) => {
    const body = c.req.valid('json');
    const principal = principalOf(c);
    const metric = await c.get('em').transactional(async (em) => {
      const metric = await findMetric(em, c.req.valid('param').id);
      const before = metricDto(metric);
      const catalog = await catalogOf(em);
      const definition = {
        key: metric.key,
        aggregation: body.aggregation ?? metric.aggregation,
        field: body.field === undefined ? metric.field : body.field,
        filter: body.filter === undefined ? metric.filter : body.filter,
        params: (body.params === undefined ? metric.params : body.params) as Metric['params'],
      };
      catalog.set(metric.key, { ...metric, ...definition } as Metric);
      checkMetricDefinition(definition, catalog);
      Object.assign(metric, definition);
      if (body.name) metric.name = body.name;
      if (body.unit) metric.unit = body.unit;
      if (body.direction) metric.direction = body.direction;
      if (body.thresholds !== undefined) metric.thresholds = body.thresholds;
      if (body.visibility) metric.visibility = body.visibility;
      recordAudit(em, principal, 'metric.update', 'metric', metric.id, before, metricDto(metric));
      await em.flush();
      return metric;
    });
    return c.json(metricDto(metric), 200);
  });

  router.openapi(routes.deleteMetric, async (c) => {
    const principal = principalOf(c);
    await c.get('em').transactional(async (em) => {
      const metric = await findMetric(em, c.req.valid('param').id);
      const plans = await em.count(Plan, { metric: metric.id });
      if (plans > 0) {
        throw new AppError(409, 'metric.in_use', `${plans} plan(s) use metric "${metric.key}"; delete them first`, {
          key: metric.key,
          plans,
        });
      }
      const users = [...(await catalogOf(em)).values()].filter((m) => dependenciesOf(m).includes(metric.key));
      if (users.length > 0) {
        throw new AppError(
          409,
          'metric.in_use',
          `Metric "${metric.key}" is used by ${users.map((m) => m.key).join(', ')}`,
          {
            key: metric.key,
            metrics: users.map((m) => m.key),
          },
        );
      }
      recordAudit(em, principal, 'metric.delete', 'metric', metric.id, metricDto(metric), null);
      em.remove(metric);
      await em.flush();
    });
    return c.body(null, 204);
  });

  return router;
}
