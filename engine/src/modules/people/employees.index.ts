// Employee CRUD with their CRM ids. Reads are limited to the caller's scope; every write is
// validated as a whole (422 listing each problem) and audited with before and after.
import type { EntityManager } from '@mikro-orm/sql';
import { newId } from '../../db/entities/base.ts';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { EmployeeExternalId } from '../../db/entities/employee-external-id.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import { Source } from '../../db/entities/source.entity.ts';
import { Team } from '../../db/entities/team.entity.ts';
import { User } from '../../db/entities/user.entity.ts';
import { accessScopeOf, employeeFilter, scopeAllows } from '../../http/access-scope.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { notFound } from '../../lib/errors.ts';
import { fromMinor, toMinor } from '../../lib/money.ts';
import type { ValidationDetail } from '../../lib/validation.ts';
import { attributeUnmapped } from '../hooks/attribution.ts';
import { type AuditedEntity, createAudited, deleteAudited, updateAudited } from './audited-writes.ts';
import * as routes from './employees.routes.ts';
import { conflict, invalid } from './write-conflicts.ts';

export type EmployeeDto = ReturnType<typeof employeeDto>;

export function employeeDto(e: Employee, externalIds: Record<string, string>, organizationCurrency: string) {
  const currency = e.baseBonusCurrency ?? organizationCurrency;
  return {
    id: e.id,
    name: e.name,
    email: e.email ?? null,
    role: e.role,
    departmentId: e.department,
    teamId: e.team ?? null,
    managerId: e.manager ?? null,
    externalIds,
    baseBonus: { amount: fromMinor(e.baseBonusMinor, currency), currency },
    hiredOn: e.hiredOn ?? null,
    leftOn: e.leftOn ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

async function organizationCurrency(em: EntityManager): Promise<string> {
  return (await em.findOne(Organization, { id: 1 }))?.currency ?? 'RUB';
}

async function externalIdsOf(em: EntityManager, employeeIds: string[]): Promise<Map<string, Record<string, string>>> {
  const rows = await em.find(EmployeeExternalId, { employee: { $in: employeeIds } }, { orderBy: { source: 'asc' } });
  const map = new Map<string, Record<string, string>>();
  for (const row of rows) map.set(row.employee, { ...map.get(row.employee), [row.source]: row.externalId });
  return map;
}

async function dtoOf(em: EntityManager, employee: Employee): Promise<EmployeeDto> {
  const ids = await externalIdsOf(em, [employee.id]);
  return employeeDto(employee, ids.get(employee.id) ?? {}, await organizationCurrency(em));
}

interface EmployeeState {
  name: string;
  email: string | null;
  role: string;
  departmentId: string;
  teamId: string | null;
  managerId: string | null;
  externalIds: Record<string, string>;
  baseBonus: { amount: string; currency: string };
  hiredOn: string | null;
  leftOn: string | null;
}

/** Every problem with the employee as it would be after the write; then the CRM-id conflicts (409). */
async function checkEmployee(em: EntityManager, next: EmployeeState, selfId: string | null): Promise<string> {
  const problems: ValidationDetail[] = [];
  if (!(await em.findOne(Department, { id: next.departmentId }))) {
    problems.push({ path: '/departmentId', message: `No department ${next.departmentId}` });
  }
  if (next.teamId) {
    const team = await em.findOne(Team, { id: next.teamId });
    if (!team) problems.push({ path: '/teamId', message: `No team ${next.teamId}` });
    else if (team.department !== next.departmentId) {
      problems.push({ path: '/teamId', message: `Team "${team.key}" belongs to another department` });
    }
  }
  if (next.managerId) {
    if (next.managerId === selfId) problems.push({ path: '/managerId', message: 'An employee cannot manage themself' });
    else if (!(await em.findOne(Employee, { id: next.managerId }))) {
      problems.push({ path: '/managerId', message: `No employee ${next.managerId}` });
    } else if (selfId) {
      const managerOf = new Map(
        (await em.find(Employee, { manager: { $ne: null } }, { fields: ['id', 'manager'] })).map((e) => [
          e.id,
          e.manager,
        ]),
      );
      for (let at: string | null | undefined = next.managerId, steps = 0; at && steps <= managerOf.size; steps += 1) {
        if (at === selfId) {
          problems.push({
            path: '/managerId',
            message: 'That manager reports to this employee; it would make a cycle',
          });
          break;
        }
        at = managerOf.get(at);
      }
    }
  }
  const sourceIds = Object.keys(next.externalIds);
  const known = new Set((await em.find(Source, { id: { $in: sourceIds } }, { fields: ['id'] })).map((s) => s.id));
  for (const sourceId of sourceIds) {
    if (!known.has(sourceId)) problems.push({ path: `/externalIds/${sourceId}`, message: `No source ${sourceId}` });
  }
  let minor = '0';
  try {
    minor = toMinor(next.baseBonus.amount, next.baseBonus.currency);
  } catch (error) {
    problems.push({ path: '/baseBonus/amount', message: (error as Error).message });
  }
  if (next.hiredOn && next.leftOn && next.leftOn < next.hiredOn) {
    problems.push({ path: '/leftOn', message: `Leaves (${next.leftOn}) before being hired (${next.hiredOn})` });
  }
  if (problems.length > 0) throw invalid('employee.invalid', problems);

  for (const [sourceId, externalId] of Object.entries(next.externalIds)) {
    const taken = await em.findOne(EmployeeExternalId, {
      source: sourceId,
      externalId,
      ...(selfId ? { employee: { $ne: selfId } } : {}),
    });
    if (taken) {
      const other = await em.findOne(Employee, { id: taken.employee });
      throw conflict(
        'employee.external_id_taken',
        `${sourceId}:${externalId} is already mapped to ${other?.name ?? taken.employee}`,
        `/externalIds/${sourceId}`,
      );
    }
  }
  return minor;
}

/**
 * Makes the employee's CRM ids exactly `wanted`, changing rows in place so unique keys never collide, then
 * attributes to the employee the events those CRM users left unmapped. Answers how many.
 */
async function syncExternalIds(em: EntityManager, employeeId: string, wanted: Record<string, string>): Promise<number> {
  const rows = await em.find(EmployeeExternalId, { employee: employeeId });
  for (const row of rows) {
    const value = wanted[row.source];
    if (value === undefined) em.remove(row);
    else row.externalId = value;
  }
  const have = new Set(rows.map((r) => r.source));
  for (const [source, externalId] of Object.entries(wanted)) {
    if (!have.has(source)) em.create(EmployeeExternalId, { id: newId(), employee: employeeId, source, externalId });
  }
  await em.flush();
  let reattributed = 0;
  for (const [sourceId, crmUserId] of Object.entries(wanted)) {
    reattributed += await attributeUnmapped(em, { sourceId, crmUserId, employeeId });
  }
  return reattributed;
}

/** The entity's columns for a checked state; `baseBonusMinor` is what checkEmployee answered. */
function columnsOf(next: EmployeeState, baseBonusMinor: string) {
  return {
    name: next.name,
    email: next.email,
    role: next.role,
    department: next.departmentId,
    team: next.teamId,
    manager: next.managerId,
    baseBonusMinor,
    baseBonusCurrency: next.baseBonus.currency,
    hiredOn: next.hiredOn,
    leftOn: next.leftOn,
  };
}

const employees: AuditedEntity<Employee, EmployeeDto> = {
  entity: Employee,
  auditName: 'employee',
  what: 'Employee',
  snapshot: dtoOf,
};

const takenMessage = () =>
  conflict('employee.external_id_taken', 'One of these CRM ids was just mapped to another employee', '/externalIds');

export function employeesRouter(): AppRouter {
  const router = createRouter();

  router.openapi(routes.listEmployees, async (c) => {
    const em = c.get('em');
    const query = c.req.valid('query');
    const scopeFilter = employeeFilter(await accessScopeOf(em, principalOf(c)));
    const conditions: object[] = scopeFilter ? [scopeFilter] : [];
    if (query.department) conditions.push({ department: query.department });
    if (query.team) conditions.push({ team: query.team });
    if (query.externalId) {
      const [source, ...rest] = query.externalId.split(':');
      const rows = await em.find(EmployeeExternalId, { source, externalId: rest.join(':') }, { fields: ['employee'] });
      conditions.push({ id: { $in: rows.map((r) => r.employee) } });
    }
    const where = conditions.length > 0 ? { $and: conditions } : {};
    const [employees, total] = await em.findAndCount(Employee, where, {
      orderBy: { name: 'asc', id: 'asc' },
      limit: query.limit,
      offset: query.offset,
    });
    const ids = await externalIdsOf(
      em,
      employees.map((e) => e.id),
    );
    const currency = await organizationCurrency(em);
    return c.json({ items: employees.map((e) => employeeDto(e, ids.get(e.id) ?? {}, currency)), total }, 200);
  });

  router.openapi(routes.getEmployee, async (c) => {
    const em = c.get('em');
    const scope = await accessScopeOf(em, principalOf(c));
    const employee = await em.findOne(Employee, { id: c.req.valid('param').id });
    if (!employee || !scopeAllows(scope, employee)) throw notFound('Employee');
    return c.json(await dtoOf(em, employee), 200);
  });

  router.openapi(routes.createEmployee, async (c) => {
    const body = c.req.valid('json');
    let reattributed = 0;
    const dto = await createAudited(c.get('em'), principalOf(c), employees, {
      create: async (em) => {
        const next: EmployeeState = {
          name: body.name,
          email: body.email ?? null,
          role: body.role,
          departmentId: body.departmentId,
          teamId: body.teamId ?? null,
          managerId: body.managerId ?? null,
          externalIds: body.externalIds ?? {},
          baseBonus: body.baseBonus ?? { amount: '0', currency: await organizationCurrency(em) },
          hiredOn: body.hiredOn ?? null,
          leftOn: body.leftOn ?? null,
        };
        const minor = await checkEmployee(em, next, null);
        const employee = em.create(Employee, { id: newId(), ...columnsOf(next, minor) });
        await em.flush();
        reattributed = await syncExternalIds(em, employee.id, next.externalIds);
        return employee;
      },
      unique: takenMessage,
    });
    // events that waited unmapped for these CRM users now wait for the employee's workflow
    if (reattributed > 0) void c.get('deps').dispatcher.kick();
    return c.json(dto, 201);
  });

  router.openapi(routes.updateEmployee, async (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    let reattributed = 0;
    const dto = await updateAudited(c.get('em'), principalOf(c), employees, id, {
      change: async (em, employee, before) => {
        const next: EmployeeState = {
          name: patch.name ?? before.name,
          email: patch.email === undefined ? before.email : patch.email,
          role: patch.role ?? before.role,
          departmentId: patch.departmentId ?? before.departmentId,
          teamId: patch.teamId === undefined ? before.teamId : patch.teamId,
          managerId: patch.managerId === undefined ? before.managerId : patch.managerId,
          externalIds: patch.externalIds ?? before.externalIds,
          baseBonus: patch.baseBonus ?? before.baseBonus,
          hiredOn: patch.hiredOn === undefined ? before.hiredOn : patch.hiredOn,
          leftOn: patch.leftOn === undefined ? before.leftOn : patch.leftOn,
        };
        const minor = await checkEmployee(em, next, id);
        em.assign(employee, columnsOf(next, minor));
        reattributed = await syncExternalIds(em, id, next.externalIds);
      },
      unique: takenMessage,
    });
    if (reattributed > 0) void c.get('deps').dispatcher.kick();
    return c.json(dto, 200);
  });

  router.openapi(routes.deleteEmployee, async (c) => {
    await deleteAudited(c.get('em'), principalOf(c), employees, c.req.valid('param').id, {
      refuseWhileUsed: async (em, employee) => {
        const id = employee.id;
        const blockers: string[] = [];
        if ((await em.count(User, { employee: id })) > 0) blockers.push('a user login is linked to them');
        if ((await em.count(Employee, { manager: id })) > 0) blockers.push('others report to them');
        if ((await em.count(Team, { lead: id })) > 0) blockers.push('they lead a team');
        if ((await em.count(Event, { employee: id })) > 0) blockers.push('they have CRM events');
        if (blockers.length > 0) {
          throw conflict(
            'employee.in_use',
            `${employee.name} cannot be deleted: ${blockers.join('; ')}. Set leftOn to record that they left.`,
          );
        }
      },
      inUse: () =>
        conflict(
          'employee.in_use',
          'The employee has history (plans, alerts or bonuses); set leftOn to record that they left',
        ),
    });
    return c.body(null, 204);
  });

  return router;
}
