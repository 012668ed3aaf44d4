// A target for a metric, for an employee, a team, a department or the company in a period.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty, timestamps } from './base.ts';
import { Department } from './department.entity.ts';
import { Employee } from './employee.entity.ts';
import { Metric } from './metric.entity.ts';
import { Team } from './team.entity.ts';

export const Plan = defineEntity({
  name: 'Plan',
  tableName: 'plan',
  // `scopeKey` (`employee:<id>`, `team:<id>`, `department:<id>`, `company`) makes one plan per scope:
  // the older unique over nullable columns cannot, since NULLs never collide.
  uniques: [
    { properties: ['metric', 'period', 'employee', 'department'] },
    { properties: ['metric', 'period', 'scopeKey'] },
  ],
  properties: {
    id: idProperty(),
    metric: () => p.manyToOne(Metric).mapToPk(),
    /** `2026-10`, `2026-Q4`, `2026-H2` or `2026` */
    period: p.string().length(16),
    employee: () => p.manyToOne(Employee).mapToPk().nullable(),
    department: () => p.manyToOne(Department).mapToPk().nullable(),
    team: () => p.manyToOne(Team).mapToPk().nullable(),
    /** nullable only because the column was added to an existing table; every write sets it */
    scopeKey: p.string().length(80).nullable(),
    /** decimal string; money metrics are in the organization's currency */
    target: p.decimal('string').precision(20).scale(4),
    ...timestamps(),
  },
});
export type Plan = InferEntity<typeof Plan>;
