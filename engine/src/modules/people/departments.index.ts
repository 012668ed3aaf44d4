// Department CRUD. Moves are checked for cycles; a department with anything in it is not deleted.
import type { EntityManager } from '@mikro-orm/sql';
import { newId } from '../../db/entities/base.ts';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Team } from '../../db/entities/team.entity.ts';
import { accessScopeOf } from '../../http/access-scope.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { notFound } from '../../lib/errors.ts';
import { type AuditedEntity, createAudited, deleteAudited, updateAudited } from './audited-writes.ts';
import * as routes from './departments.routes.ts';
import { visibleDepartmentIds } from './people-scope.ts';
import { conflict, invalid } from './write-conflicts.ts';

export const departmentDto = (d: Department) => ({
  id: d.id,
  key: d.key,
  name: d.name,
  parentId: d.parent ?? null,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

/** Parents before children, siblings by key. */
function treeOrder(departments: Department[]): Department[] {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const depth = (d: Department, seen = new Set<string>()): number => {
    const parent = d.parent ? byId.get(d.parent) : undefined;
    if (!parent || seen.has(d.id)) return 0;
    seen.add(d.id);
    return 1 + depth(parent, seen);
  };
  return departments
    .map((d) => ({ d, depth: depth(d) }))
    .sort((a, b) => a.depth - b.depth || a.d.key.localeCompare(b.d.key))
    .map((x) => x.d);
}

const departments: AuditedEntity<Department, ReturnType<typeof departmentDto>> = {
  entity: Department,
  auditName: 'department',
  what: 'Department',
  snapshot: (_em, department) => departmentDto(department),
};

const keyTaken = (key: string | undefined) =>
  conflict('department.key_taken', `A department with key "${key}" already exists`, '/key');

async function checkKeyFree(em: EntityManager, key: string, exceptId?: string) {
  const other = await em.findOne(Department, { key, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (other) throw keyTaken(key);
}

async function checkParent(em: EntityManager, parentId: string | null, selfId?: string) {
  if (parentId === null) return;
  if (parentId === selfId) {
    throw invalid('department.cycle', [{ path: '/parentId', message: 'A department cannot be its own parent' }]);
  }
  const all = await em.find(Department, {}, { fields: ['id', 'parent'] });
  const parentOf = new Map(all.map((d) => [d.id, d.parent ?? null]));
  if (!parentOf.has(parentId)) {
    throw invalid('department.parent_unknown', [{ path: '/parentId', message: `No department ${parentId}` }]);
  }
  // walking up from the new parent must not reach the department being moved
  for (let at: string | null = parentId, steps = 0; at !== null && steps <= all.length; steps += 1) {
    if (at === selfId) {
      throw invalid('department.cycle', [
        { path: '/parentId', message: 'The new parent is inside this department; that would make a cycle' },
      ]);
    }
    at = parentOf.get(at) ?? null;
  }
}

export function departmentsRouter(): AppRouter {
  const router = createRouter();

  router.openapi(routes.listDepartments, async (c) => {
    const em = c.get('em');
    const visible = await visibleDepartmentIds(em, await accessScopeOf(em, principalOf(c)));
    const departments = await em.find(Department, visible ? { id: { $in: visible } } : {});
    return c.json({ items: treeOrder(departments).map(departmentDto) }, 200);
  });

  router.openapi(routes.getDepartment, async (c) => {
    const em = c.get('em');
    const { id } = c.req.valid('param');
    const visible = await visibleDepartmentIds(em, await accessScopeOf(em, principalOf(c)));
    const department = visible && !visible.includes(id) ? null : await em.findOne(Department, { id });
    if (!department) throw notFound('Department');
    return c.json(departmentDto(department), 200);
  });

  router.openapi(routes.createDepartment, async (c) => {
    const body = c.req.valid('json');
    const dto = await createAudited(c.get('em'), principalOf(c), departments, {
      create: async (em) => {
        await checkKeyFree(em, body.key);
        await checkParent(em, body.parentId);
        return em.create(Department, { id: newId(), key: body.key, name: body.name, parent: body.parentId });
      },
      unique: () => keyTaken(body.key),
    });
    return c.json(dto, 201);
  });

  router.openapi(routes.updateDepartment, async (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const dto = await updateAudited(c.get('em'), principalOf(c), departments, id, {
      change: async (em, department) => {
        if (patch.key !== undefined) await checkKeyFree(em, patch.key, id);
        if (patch.parentId !== undefined) await checkParent(em, patch.parentId, id);
        if (patch.key !== undefined) department.key = patch.key;
        if (patch.name !== undefined) department.name = patch.name;
        if (patch.parentId !== undefined) department.parent = patch.parentId;
      },
      unique: () => keyTaken(patch.key),
    });
    return c.json(dto, 200);
  });

  router.openapi(routes.deleteDepartment, async (c) => {
    await deleteAudited(c.get('em'), principalOf(c), departments, c.req.valid('param').id, {
      refuseWhileUsed: async (em, department) => {
        const employees = await em.count(Employee, { department: department.id });
        const children = await em.count(Department, { parent: department.id });
        const teams = await em.count(Team, { department: department.id });
        if (employees + children + teams > 0) {
          throw conflict(
            'department.not_empty',
            `Department "${department.key}" still has ${employees} employee(s), ${children} sub-department(s) and ${teams} team(s); move them first`,
          );
        }
      },
      inUse: () =>
        conflict('department.in_use', 'The department is still referenced (e.g. by plans); remove those first'),
    });
    return c.body(null, 204);
  });

  return router;
}
