import { describe, expect, it } from 'vitest';
import { type Searchable, searchEmployees } from './employee-search.ts';

const employee = (id: string, name: string, externalIds: Record<string, string> = {}): Searchable => ({
  id,
  name,
  email: `${id}@example.com`,
  externalIds,
});

const people = [
  employee('e1', 'Ольга Васильева', { demo: 'crm-105' }),
  employee('e2', 'Пётр Семёнов'),
  employee('e3', 'Anna Schmidt'),
];

describe('searchEmployees', () => {
  it('finds by part of the name in any case, with ё written as е', () => {
    expect(searchEmployees(people, 'петр').map((e) => e.id)).toEqual(['e2']);
    expect(searchEmployees(people, 'ОЛЬГА вас').map((e) => e.id)).toEqual(['e1']);
  });

  it('finds by e-mail, id or CRM user id, and lists everyone for an empty query', () => {
    expect(searchEmployees(people, 'e3@').map((e) => e.id)).toEqual(['e3']);
    expect(searchEmployees(people, 'crm-105').map((e) => e.id)).toEqual(['e1']);
    expect(searchEmployees(people, '  ')).toHaveLength(3);
  });
});
