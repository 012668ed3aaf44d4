// Which departments a caller may see, derived from their access scope: all of them, a manager's
// departments, or an employee's own department. Lists filter by it; single reads answer 404 outside it.
import type { EntityManager } from '@mikro-orm/sql';
import { Employee } from '../../db/entities/employee.entity.ts';
import type { AccessScope } from '../../http/access-scope.ts';

/** undefined: every department */
export async function visibleDepartmentIds(em: EntityManager, scope: AccessScope): Promise<string[] | undefined> {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'departments':
      return scope.departmentIds;
    case 'self': {
      if (!scope.employeeId) return [];
      const me = await em.findOne(Employee, { id: scope.employeeId }, { fields: ['department'] });
      return me ? [me.department] : [];
    }
  }
}
