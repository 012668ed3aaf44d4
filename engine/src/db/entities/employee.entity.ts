// An employee whose KPIs Yardstick tracks. CRM user ids live in EmployeeExternalId.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty, timestamps } from './base.ts';
import { Department } from './department.entity.ts';
import { Team } from './team.entity.ts';

export const Employee = defineEntity({
  name: 'Employee',
  tableName: 'employee',
  properties: {
    id: idProperty(),
    name: p.string(),
    email: p.string().nullable(),
    role: p.string().length(64),
    department: () => p.manyToOne(Department).mapToPk(),
    manager: () => p.manyToOne(Employee).mapToPk().nullable(),
    team: () => p.manyToOne(Team).mapToPk().nullable(),
    /** base bonus per period, minor units of `baseBonusCurrency` */
    baseBonusMinor: p.bigint('string').default('0'),
    /** ISO 4217; null on rows written before it existed, which are in the organization's currency */
    baseBonusCurrency: p.string().length(3).nullable(),
    hiredOn: p.string().length(10).nullable(),
    leftOn: p.string().length(10).nullable(),
    ...timestamps(),
  },
});
export type Employee = InferEntity<typeof Employee>;
