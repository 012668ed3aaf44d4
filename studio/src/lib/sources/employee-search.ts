// Finding an employee by what someone remembers of them: a part of the name (any case, ё or е),
// the e-mail, the id, or their user id in a CRM.
import type { Employee } from '../api/types.ts';

function fold(text: string): string {
  return text.toLocaleLowerCase('ru').replaceAll('ё', 'е').normalize('NFKD').replace(/\p{M}/gu, '');
}

/** Employees matching every word of `query`, in the order given; all of them for an empty query. */
/** What the search reads of an employee. */
export type Searchable = Pick<Employee, 'id' | 'name' | 'email' | 'externalIds'>;

export function searchEmployees<E extends Searchable>(employees: readonly E[], query: string): E[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...employees];
  return employees.filter((employee) => {
    const haystack = fold(
      [employee.name, employee.email ?? '', employee.id, ...Object.values(employee.externalIds)].join(' '),
    );
    return words.every((word) => haystack.includes(word));
  });
}
