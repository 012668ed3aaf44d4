// Progress and leaderboard routes: resolve the scope the caller asked for within what they may see,
// then let the progress service compute the figures.
import type { EntityManager } from '@mikro-orm/sql';
import { evaluate } from '@yardstick/rules';
import { schemeCovers } from '@yardstick/workflows/shared';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Metric } from '../../db/entities/metric.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import { Plan } from '../../db/entities/plan.entity.ts';
import { Scheme } from '../../db/entities/scheme.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { Team } from '../../db/entities/team.entity.ts';
import { isPostgres } from '../../db/orm.ts';
import { addDays, type Period, parsePeriod, startOfDay } from '../../domain/period.ts';
import { type AccessScope, accessScopeOf, scopeAllows } from '../../http/access-scope.ts';
import type { AppRouter, Principal } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import * as routes from './progress.routes.ts';
import { computeProgress, type Figure, type ProgressEmployee } from './progress.service.ts';
import { kpiWorkingCalendar } from './working-calendar.ts';

interface World {
  employees: ProgressEmployee[];
  trees: Map<string, string[]>;
  teams: Map<string, { id: string; department: string }>;
}

async function loadWorld(em: EntityManager): Promise<World> {
  const employees = await em.find(
    Employee,
    {},
    { fields: ['id', 'name', 'department', 'team', 'hiredOn', 'leftOn'], orderBy: { name: 'asc', id: 'asc' } },
  );
  const departments = await em.find(Department, {}, { fields: ['id', 'parent'] });
  const children = Map.groupBy(departments, (d) => d.parent ?? '');
  const trees = new Map<string, string[]>();
  for (const d of departments) {
    const ids: string[] = [];
    const stack = [d.id];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (ids.includes(id)) continue;
      ids.push(id);
      for (const child of children.get(id) ?? []) stack.push(child.id);
    }
    trees.set(d.id, ids);
  }
  const teams = new Map((await em.find(Team, {}, { fields: ['id', 'department'] })).map((t) => [t.id, t]));
  return { employees: employees as ProgressEmployee[], trees, teams };
}

const activeIn = (period: Period) => (e: ProgressEmployee) =>
  (!e.hiredOn || e.hiredOn <= period.end) && (!e.leftOn || e.leftOn >= period.start);

/** Whether the caller may look at a team or department as a whole (its plans too, even without members). */
const holdsDepartment = (access: AccessScope, departmentId: string) =>
  access.kind === 'all' || (access.kind === 'departments' && access.departmentIds.includes(departmentId));

/** The employees of a scope; 404 when it names nothing, 403 when the caller may not see all of it. */
function resolveScope(scope: string, world: World, access: AccessScope): ProgressEmployee[] {
  const visible = (e: ProgressEmployee) => scopeAllows(access, e);
  if (scope === 'company') {
    if (access.kind !== 'all') throw forbidden('Only roles that see everyone may ask for the company');
    return world.employees;
  }
  const [kind, id] = scope.split(/:(.*)/s) as [string, string];
  let members: ProgressEmployee[];
  if (kind === 'employee') {
    members = world.employees.filter((e) => e.id === id);
    if (members.length === 0) throw notFound(`Employee ${id}`);
  } else if (kind === 'team') {
    const team = world.teams.get(id);
    if (!team) throw notFound(`Team ${id}`);
    if (!holdsDepartment(access, team.department)) throw forbidden(`You may not see ${scope}`);
    members = world.employees.filter((e) => e.team === id);
  } else {
    const tree = world.trees.get(id);
    if (!tree) throw notFound(`Department ${id}`);
    if (!holdsDepartment(access, id)) throw forbidden(`You may not see ${scope}`);
    members = world.employees.filter((e) => tree.includes(e.department));
  }
  if (!members.every(visible)) throw forbidden(`You may not see everyone in ${scope}`);
  return members;
}

function defaultScope(access: AccessScope): string | undefined {
  if (access.kind === 'all') return 'company';
  if (access.kind === 'self') return access.employeeId ? `employee:${access.employeeId}` : undefined;
  return undefined;
}

/** Team, department and company plans the scope covers. */
function groupScopesFor(scope: string | undefined, planScopes: string[], world: World, access: AccessScope): string[] {
  const departments =
    scope === 'company'
      ? undefined
      : scope?.startsWith('department:')
        ? new Set(world.trees.get(scope.slice('department:'.length)) ?? [])
        : scope === undefined && access.kind === 'departments'
          ? new Set(access.departmentIds)
          : new Set<string>();
  return planScopes.filter((s) => {
    if (s.startsWith('employee:')) return false;
    if (s === scope) return true;
    if (departments === undefined) return true;
    if (s.startsWith('department:')) return departments.has(s.slice('department:'.length));
    if (s.startsWith('team:')) return departments.has(world.teams.get(s.slice('team:'.length))?.department ?? '');
    return false;
  });
}

function asOfInstant(asOf: string | undefined, timeZone: string): Date {
  if (!asOf) return new Date();
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return new Date(startOfDay(addDays(asOf, 1), timeZone).getTime() - 1);
  const instant = new Date(asOf);
  if (Number.isNaN(instant.getTime())) {
    throw new AppError(422, 'validation.failed', `Invalid query: /asOf "${asOf}" is not a date`, [
      { path: '/asOf', message: 'not a date' },
    ]);
  }
  return instant;
}

function periodOf(key: string): Period {
  return parsePeriod(key);
}

async function settings(em: EntityManager) {
  const org = await em.findOne(Organization, { id: 1 });
  return { timeZone: org?.timeZone ?? 'UTC', currency: org?.currency ?? 'RUB' };
}

async function progressFor(
  em: EntityManager,
  principal: Principal,
  dialect: 'sqlite' | 'postgresql',
  options: {
    period: string;
    scope?: string;
    metrics: Metric[];
    catalog: Map<string, Metric>;
    asOf?: string;
    proration?: 'working-days' | 'none';
    groups: boolean;
  },
) {
  const { timeZone, currency } = await settings(em);
  const period = periodOf(options.period);
  const access = await accessScopeOf(em, principal);
  const world = await loadWorld(em);
  const scope = options.scope ?? defaultScope(access);
  const employees = (
    scope ? resolveScope(scope, world, access) : world.employees.filter((e) => scopeAllows(access, e))
  ).filter(activeIn(period));
  let groupScopes: string[] = [];
  if (options.groups) {
    const plans = await em.find(
      Plan,
      {
        period: period.key,
        metric: { $in: options.metrics.map((m) => m.id) },
        employee: null,
      },
      { fields: ['scopeKey'] },
    );
    groupScopes = groupScopesFor(scope, [...new Set(plans.map((p) => p.scopeKey ?? ''))], world, access);
  }
  const result = await computeProgress(em, {
    period,
    asOf: asOfInstant(options.asOf, timeZone),
    timeZone,
    currency,
    dialect,
    calendar: await kpiWorkingCalendar(em, period),
    employees,
    allEmployees: world.employees.filter(activeIn(period)),
    departmentTrees: world.trees,
    catalog: options.catalog,
    metrics: options.metrics,
    groupScopes,
    proration: options.proration,
    everyone: scope === 'company',
  });
  return { ...result, scope: scope ?? 'visible', currency, period };
}

async function catalog(em: EntityManager): Promise<Map<string, Metric>> {
  return new Map((await em.find(Metric, {}, { orderBy: { key: 'asc' } })).map((m) => [m.key, m]));
}

function pickMetrics(all: Map<string, Metric>, keys: string | undefined): Metric[] {
  if (!keys) return [...all.values()];
  return keys.split(',').map((key) => {
    const metric = all.get(key.trim());
    if (!metric) throw notFound(`Metric ${key.trim()}`);
    return metric;
  });
}

const BANDS = ['q1', 'q2', 'q3', 'q4'] as const;

/**
 * A scheme's weighted KPI, the way its payout weighs it: each KPI line's attainment scaled by the line's
 * threshold, plan and cap, times its weight. Ranks only the people the active version covers; employees see
 * it as the scheme's `leaderboard` setting says (hidden unless set).
 */
async function kpiRanking(em: EntityManager, schemeId: string, all: Map<string, Metric>) {
  const scheme = await em.findOne(Scheme, { id: schemeId });
  if (!scheme) throw notFound(`Scheme ${schemeId}`);
  const version = await em.findOne(SchemeVersion, { scheme: schemeId, status: 'active' });
  if (!version) throw new AppError(409, 'scheme.not_active', `Scheme ${schemeId} has no active version to rank by`);
  const definition = version.definition;
  const lines = definition.kpis ?? [];
  if (lines.length === 0) throw new AppError(409, 'scheme.no_kpis', `Scheme ${schemeId} has no KPI lines to rank by`);
  const metrics = pickMetrics(all, [...new Set(lines.map((l) => l.metric))].join(','));
  const departmentKeys = new Map((await em.find(Department, {}, { fields: ['id', 'key'] })).map((d) => [d.id, d.key]));
  return {
    scheme: { id: scheme.id, version: version.version, name: scheme.name },
    metrics,
    visibility: definition.leaderboard === 'ranks' ? 'full' : (definition.leaderboard ?? 'hidden'),
    async covered(ids: string[]): Promise<string[]> {
      const people = await em.find(Employee, { id: { $in: ids } }, { fields: ['id', 'role', 'department'] });
      return people
        .filter((e) => schemeCovers(definition.scope, e, departmentKeys.get(e.department) ?? ''))
        .map((e) => e.id);
    },
    /** Σ weight × achievement; null when no line has an attainment (no plans) */
    score(items: readonly { metric: string; attainment: number | null }[]): number | null {
      const attainments = new Map(items.map((i) => [i.metric, i.attainment]));
      if (lines.every((l) => attainments.get(l.metric) == null)) return null;
      const weighted = lines.map((l) => [
        l.weight,
        { scale: [attainments.get(l.metric) ?? 0, l.threshold, l.plan ?? 1, l.cap, l.scale ?? 'linear'] },
      ]);
      const value = evaluate({ weighted }, {});
      return typeof value === 'number' ? Math.round(value * 10_000) / 10_000 : null;
    },
  } as const;
}

export function progressRouter(): AppRouter {
  const router = createRouter();
  router.use('/api/progress', requirePermission('progress.read'));
  router.use('/api/leaderboard', requirePermission('progress.read'));

  router.openapi(routes.getProgress, async (c) => {
    const query = c.req.valid('query');
    const em = c.get('em');
    const all = await catalog(em);
    const result = await progressFor(em, principalOf(c), isPostgres(c.get('deps').orm) ? 'postgresql' : 'sqlite', {
      period: query.period,
      scope: query.scope,
      metrics: pickMetrics(all, query.metric),
      catalog: all,
      asOf: query.asOf,
      proration: query.proration,
      groups: true,
    });
    return c.json(
      {
        period: result.period.key,
        scope: result.scope,
        currency: result.currency,
        calendar: result.calendar,
        items: result.items,
        groups: result.groups,
      },
      200,
    );
  });

  router.openapi(routes.getLeaderboard, async (c) => {
    const query = c.req.valid('query');
    const em = c.get('em');
    const principal = principalOf(c);
    if ((query.metric === undefined) === (query.scheme === undefined)) {
      throw new AppError(422, 'validation.failed', 'Give either a metric or a scheme to rank by', [
        { path: query.metric === undefined ? '/metric' : '/scheme', message: 'give either metric or scheme' },
      ]);
    }
    const all = await catalog(em);
    const ranking = query.scheme ? await kpiRanking(em, query.scheme, all) : null;
    const metric = ranking ? null : (pickMetrics(all, query.metric)[0] as Metric);
    let scope = query.scope;
    let ownId: string | null = null;
    const isEmployee = principal.role === 'employee';
    let owner: Principal = principal;
    if (isEmployee) {
      // an employee ranks among their peers: their department, or a team or department they belong to
      ownId = principal.employeeId;
      const me = ownId ? await em.findOne(Employee, { id: ownId }) : null;
      if (!me) throw forbidden('Your user is not linked to an employee');
      scope ??= `department:${me.department}`;
      const [kind, id] = scope.split(/:(.*)/s) as [string, string];
      const belongs = (kind === 'department' && id === me.department) || (kind === 'team' && id === me.team);
      if (!belongs) throw forbidden('Employees see the leaderboard of their own department or team');
      // the peers are visible for ranking, shown as the metric's visibility allows
      owner = { ...principal, role: 'viewer' };
    }
    const result = await progressFor(em, owner, isPostgres(c.get('deps').orm) ? 'postgresql' : 'sqlite', {
      period: query.period,
      scope,
      metrics: ranking ? ranking.metrics : [metric as Metric],
      catalog: all,
      asOf: query.asOf,
      groups: false,
    });
    let scored: {
      employee: { id: string; name: string };
      actual: Figure;
      attainment: number | null;
      value: number | null;
    }[];
    if (ranking) {
      const covered = new Set(await ranking.covered(result.items.map((i) => i.employee.id)));
      const byEmployee = Map.groupBy(
        result.items.filter((i) => covered.has(i.employee.id)),
        (i) => i.employee.id,
      );
      scored = [...byEmployee.values()].map((items) => {
        const score = ranking.score(items);
        return {
          employee: (items[0] as (typeof items)[number]).employee,
          actual: null,
          attainment: score,
          value: score,
        };
      });
    } else {
      scored = result.items.map((item) => ({
        employee: item.employee,
        actual: item.actual,
        attainment: item.attainment,
        value: typeof item.actual === 'string' ? Number(item.actual) : item.actual,
      }));
    }
    const sign = metric?.direction === 'lower' ? 1 : -1;
    const ranked = scored.sort((a, b) =>
      a.value === null ? (b.value === null ? 0 : 1) : b.value === null ? -1 : sign * (a.value - b.value),
    );
    const withValue = ranked.filter((r) => r.value !== null).length;
    let rank = 0;
    const rows = ranked.map((r, i) => {
      if (r.value !== null && (i === 0 || ranked[i - 1]?.value !== r.value)) rank = i + 1;
      const position = r.value === null ? null : rank;
      return {
        employee: { id: r.employee.id, name: r.employee.name },
        rank: position,
        band: position === null ? null : (BANDS[Math.min(3, Math.floor(((position - 1) / withValue) * 4))] ?? null),
        actual: r.actual,
        attainment: r.attainment,
      };
    });
    const visibility = isEmployee ? (ranking ? ranking.visibility : (metric as Metric).visibility) : 'full';
    const items =
      visibility === 'full'
        ? rows
        : visibility === 'bands'
          ? rows.map((r) =>
              r.employee.id === ownId ? { ...r, rank: null } : { ...r, rank: null, actual: null, attainment: null },
            )
          : rows.filter((r) => r.employee.id === ownId).map((r) => ({ ...r, rank: null, band: null }));
    return c.json(
      {
        metric: ranking ? 'kpi' : (metric as Metric).key,
        scheme: ranking ? ranking.scheme : null,
        period: result.period.key,
        scope: result.scope,
        visibility,
        items,
      },
      200,
    );
  });

  return router;
}
