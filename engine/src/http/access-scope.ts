// Which employees a caller may see: everyone (admin, hr, viewer), the departments a manager heads
// with their sub-departments, or only oneself (employee). Routes filter their queries by this.
import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../db/entities/department.entity.ts';
import { Employee } from '../db/entities/employee.entity.ts';
import type { Principal } from './app-env.ts';

export type AccessScope =
  | { kind: 'all' }
  | { kind: 'departments'; departmentIds: string[]; employeeId: string | null }
  | { kind: 'self'; employeeId: string | null };

/** The scope of a caller, or of any user by role and linked employee (notifications ask it of each manager). */
export async function accessScopeOf(
  em: EntityManager,
  principal: Pick<Principal, 'role' | 'employeeId'>,
): Promise<AccessScope> {
  switch (principal.role) {
    case 'admin':
    case 'hr':
    case 'viewer':
      return { kind: 'all' };
    case 'employee':
      return { kind: 'self', employeeId: principal.employeeId };
    case 'manager': {
      if (!principal.employeeId) return { kind: 'departments', departmentIds: [], employeeId: null };
      const me = await em.findOne(Employee, { id: principal.employeeId });
      // a manager sees the department they belong to and everything below it
      const roots = me ? [me.department] : [];
      const departments = await em.find(Department, {}, { fields: ['id', 'parent'] });
      const children = Map.groupBy(departments, (d) => d.parent ?? '');
      const ids = new Set<string>();
      const stack = [...roots];
      while (stack.length > 0) {
        const id = stack.pop() as string;
        if (ids.has(id)) continue;
        ids.add(id);
        for (const child of children.get(id) ?? []) stack.push(child.id);
      }
      return { kind: 'departments', departmentIds: [...ids], employeeId: principal.employeeId };
    }
  }
}

export function scopeAllows(scope: AccessScope, employee: { id: string; department: string }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'departments':
      return scope.departmentIds.includes(employee.department) || employee.id === scope.employeeId;
    case 'self':
      return employee.id === scope.employeeId;
  }
}

/** A MikroORM filter on Employee (or on a relation to it) for the scope; undefined means no filter. */
export function employeeFilter(scope: AccessScope): Record<string, unknown> | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'departments':
      return {
        $or: [{ department: { $in: scope.departmentIds } }, ...(scope.employeeId ? [{ id: scope.employeeId }] : [])],
      };
    case 'self':
      return { id: scope.employeeId ?? '__nobody__' };
  }
}
