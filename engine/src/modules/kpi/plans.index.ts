// Plan routes: HR and admins write (every change audited), managers read their departments' plans.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { newId } from '../../db/entities/base.ts';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Metric } from '../../db/entities/metric.entity.ts';
import { Plan } from '../../db/entities/plan.entity.ts';
import { Team } from '../../db/entities/team.entity.ts';
import { type AccessScope, accessScopeOf } from '../../http/access-scope.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { ValidationDetail } from '../../lib/validation.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as routes from './plans.routes.ts';

/** "2500000.0000" → "2500000", "0.9500" → "0.95": the target as written, whatever the column pads. */
export function plainDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

const planDto = (p: Plan, metricKey: string) => ({
  id: p.id,
  metric: metricKey,
  period: p.period,
  scope: p.scopeKey ?? scopeKeyOf(p),
  target: plainDecimal(String(p.target)),
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

function scopeKeyOf(p: Pick<Plan, 'employee' | 'team' | 'department'>): string {
  if (p.employee) return `employee:${p.employee}`;
  if (p.team) return `team:${p.team}`;
  if (p.department) return `department:${p.department}`;
  return 'company';
}

function scopeColumns(scope: string): Pick<Plan, 'employee' | 'team' | 'department'> {
  const [kind, id] = scope === 'company' ? ['company', null] : (scope.split(/:(.*)/s) as [string, string]);
  return {
    employee: kind === 'employee' ? id : null,
    team: kind === 'team' ? id : null,
    department: kind === 'department' ? id : null,
  };
}

/** Rejects (422) scopes that name nobody, listing each by its JSON path. */
async function checkScopes(em: EntityManager, scopes: { scope: string; path: string }[]): Promise<void> {
  const ids = { employee: new Set<string>(), team: new Set<string>(), department: new Set<string>() };
  for (const { scope } of scopes) {
    const [kind, id] = scope.split(/:(.*)/s) as ['employee' | 'team' | 'department', string];
    if (scope !== 'company') ids[kind].add(id);
  }
  const found = {
    employee: new Set(
      (await em.find(Employee, { id: { $in: [...ids.employee] } }, { fields: ['id'] })).map((e) => e.id),
    ),
    team: new Set((await em.find(Team, { id: { $in: [...ids.team] } }, { fields: ['id'] })).map((e) => e.id)),
    department: new Set(
      (await em.find(Department, { id: { $in: [...ids.department] } }, { fields: ['id'] })).map((e) => e.id),
    ),
  };
  const details: ValidationDetail[] = [];
  for (const { scope, path } of scopes) {
    if (scope === 'company') continue;
    const [kind, id] = scope.split(/:(.*)/s) as ['employee' | 'team' | 'department', string];
    if (!found[kind].has(id)) details.push({ path, message: `no ${kind} with id ${id}` });
  }
  if (details.length > 0) {
    throw new AppError(422, 'plan.unknown_scope', `Invalid plan: ${details[0]?.path} ${details[0]?.message}`, details);
  }
}

async function metricsByKey(
  em: EntityManager,
  keys: string[],
  path: (i: number) => string,
): Promise<Map<string, Metric>> {
  const metrics = new Map((await em.find(Metric, { key: { $in: [...new Set(keys)] } })).map((m) => [m.key, m]));
  const details: ValidationDetail[] = keys.flatMap((key, i) =>
    metrics.has(key) ? [] : [{ path: path(i), message: `no metric with key "${key}"` }],
  );
  if (details.length > 0) {
    throw new AppError(422, 'plan.unknown_metric', `Invalid plan: ${details[0]?.path} ${details[0]?.message}`, details);
  }
  return metrics;
}

const planTaken = (metric: string, period: string, scope: string) =>
  new AppError(409, 'plan.exists', `A plan for ${metric} in ${period} for ${scope} exists`, { metric, period, scope });

/** Whether the caller may see a plan's scope: everyone, or a manager's departments, teams and people. */
async function planVisible(em: EntityManager, access: AccessScope, plans: Plan[]): Promise<(p: Plan) => boolean> {
  if (access.kind === 'all') return () => true;
  if (access.kind === 'self') return (p) => p.employee !== null && p.employee === access.employeeId;
  const departments = new Set(access.departmentIds);
  const employeeIds = [...new Set(plans.flatMap((p) => (p.employee ? [p.employee] : [])))];
  const teamIds = [...new Set(plans.flatMap((p) => (p.team ? [p.team] : [])))];
  const employees = new Map(
    (await em.find(Employee, { id: { $in: employeeIds } }, { fields: ['id', 'department'] })).map((e) => [e.id, e]),
  );
  const teams = new Map(
    (await em.find(Team, { id: { $in: teamIds } }, { fields: ['id', 'department'] })).map((t) => [t.id, t]),
  );
  return (p) => {
    if (p.employee) {
      const e = employees.get(p.employee);
      return !!e && (departments.has(e.department) || e.id === access.employeeId);
    }
    if (p.team) return departments.has(teams.get(p.team)?.department ?? '');
    if (p.department) return departments.has(p.department);
    return false;
  };
}

export function plansRouter(): AppRouter {
  const router = createRouter();
  router.on('GET', '/api/plans', requirePermission('plans.read'));
  router.on(['POST', 'PUT', 'PATCH', 'DELETE'], ['/api/plans', '/api/plans/*'], requirePermission('plans.write'));

  router.openapi(routes.listPlans, async (c) => {
    const em = c.get('em');
    const query = c.req.valid('query');
    const where: Record<string, unknown> = {};
    if (query.period) where.period = query.period;
    if (query.scope) where.scopeKey = query.scope;
    const metrics = new Map((await em.find(Metric, {})).map((m) => [m.id, m]));
    if (query.metric) {
      const metric = [...metrics.values()].find((m) => m.key === query.metric);
      where.metric = metric?.id ?? '__none__';
    }
    const plans = await em.find(Plan, where, {
      orderBy: { period: 'asc', scopeKey: 'asc', metric: 'asc' },
      limit: 50_000,
    });
    const visible = await planVisible(em, await accessScopeOf(em, principalOf(c)), plans);
    return c.json({ items: plans.filter(visible).map((p) => planDto(p, metrics.get(p.metric)?.key ?? '')) }, 200);
  });

  router.openapi(routes.createPlan, async (c) => {
    const body = c.req.valid('json');
    const principal = principalOf(c);
    const dto = await c.get('em').transactional(async (em) => {
      const metric = (await metricsByKey(em, [body.metric], () => '/metric')).get(body.metric) as Metric;
      await checkScopes(em, [{ scope: body.scope, path: '/scope' }]);
      if (await em.count(Plan, { metric: metric.id, period: body.period, scopeKey: body.scope })) {
        throw planTaken(body.metric, body.period, body.scope);
      }
      const plan = em.create(Plan, {
        id: newId(),
        metric: metric.id,
        period: body.period,
        ...scopeColumns(body.scope),
        scopeKey: body.scope,
        target: body.target,
      });
      const dto = planDto(plan, metric.key);
      recordAudit(em, principal, 'plan.create', 'plan', plan.id, null, dto);
      try {
        await em.flush();
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) throw planTaken(body.metric, body.period, body.scope);
        throw error;
      }
      return dto;
    });
    return c.json(dto, 201);
  });

  router.openapi(routes.updatePlan, async (c) => {
    const principal = principalOf(c);
    const dto = await c.get('em').transactional(async (em) => {
      const plan = await em.findOne(Plan, { id: c.req.valid('param').id });
      if (!plan) throw notFound('Plan');
      const metric = await em.findOneOrFail(Metric, { id: plan.metric });
      const before = planDto(plan, metric.key);
      plan.target = c.req.valid('json').target;
      const after = planDto(plan, metric.key);
      recordAudit(em, principal, 'plan.update', 'plan', plan.id, before, after);
      await em.flush();
      return after;
    });
    return c.json(dto, 200);
  });

  router.openapi(routes.deletePlan, async (c) => {
    const principal = principalOf(c);
    await c.get('em').transactional(async (em) => {
      const plan = await em.findOne(Plan, { id: c.req.valid('param').id });
      if (!plan) throw notFound('Plan');
      const metric = await em.findOneOrFail(Metric, { id: plan.metric });
      recordAudit(em, principal, 'plan.delete', 'plan', plan.id, planDto(plan, metric.key), null);
      em.remove(plan);
      await em.flush();
    });
    return c.body(null, 204);
  });

  router.openapi(routes.bulkPlans, async (c) => {
    const { period, items } = c.req.valid('json');
    const principal = principalOf(c);
    const seen = new Map<string, number>();
    const duplicates: ValidationDetail[] = [];
    items.forEach((item, i) => {
      const key = `${item.metric}|${item.scope}`;
      const first = seen.get(key);
      if (first !== undefined) duplicates.push({ path: `/items/${i}`, message: `repeats /items/${first}` });
      else seen.set(key, i);
    });
    if (duplicates.length > 0) {
      throw new AppError(
        422,
        'plan.duplicate_row',
        `Invalid plans: ${duplicates[0]?.path} ${duplicates[0]?.message}`,
        duplicates,
      );
    }
    const result = await c.get('em').transactional(async (em) => {
      const metrics = await metricsByKey(
        em,
        items.map((i) => i.metric),
        (i) => `/items/${i}/metric`,
      );
      await checkScopes(
        em,
        items.map((item, i) => ({ scope: item.scope, path: `/items/${i}/scope` })),
      );
      const existing = new Map(
        (await em.find(Plan, { period, metric: { $in: [...metrics.values()].map((m) => m.id) } })).map((p) => [
          `${p.metric}|${p.scopeKey}`,
          p,
        ]),
      );
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      const stored: Plan[] = [];
      for (const item of items) {
        const metric = metrics.get(item.metric) as Metric;
        const plan = existing.get(`${metric.id}|${item.scope}`);
        if (!plan) {
          const made = em.create(Plan, {
            id: newId(),
            metric: metric.id,
            period,
            ...scopeColumns(item.scope),
            scopeKey: item.scope,
            target: item.target,
          });
          recordAudit(em, principal, 'plan.create', 'plan', made.id, null, planDto(made, metric.key));
          stored.push(made);
          created += 1;
        } else if (plainDecimal(String(plan.target)) === plainDecimal(item.target)) {
          stored.push(plan);
          unchanged += 1;
        } else {
          const before = planDto(plan, metric.key);
          plan.target = item.target;
          recordAudit(em, principal, 'plan.update', 'plan', plan.id, before, planDto(plan, metric.key));
          stored.push(plan);
          updated += 1;
        }
      }
      await em.flush();
      const keys = new Map([...metrics.values()].map((m) => [m.id, m.key]));
      return { created, updated, unchanged, items: stored.map((p) => planDto(p, keys.get(p.metric) ?? '')) };
    });
    return c.json(result, 200);
  });

  return router;
}
