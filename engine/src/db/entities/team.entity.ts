// A team: a group of employees inside a department, with a lead; plans and ranks can be per team.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty, timestamps } from './base.ts';
import { Department } from './department.entity.ts';
import { Employee } from './employee.entity.ts';

export const Team = defineEntity({
  name: 'Team',
  tableName: 'team',
  properties: {
    id: idProperty(),
    key: p.string().length(64).unique(),
    name: p.string(),
    department: () => p.manyToOne(Department).mapToPk(),
    lead: () => p.manyToOne(Employee).mapToPk().nullable(),
    ...timestamps(),
  },
});
export type Team = InferEntity<typeof Team>;
