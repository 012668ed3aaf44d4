// Which CRM user (per source) is which employee: the key to attributing webhook events.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { Employee } from './employee.entity.ts';
import { Source } from './source.entity.ts';

export const EmployeeExternalId = defineEntity({
  name: 'EmployeeExternalId',
  tableName: 'employee_external_id',
  uniques: [{ properties: ['source', 'externalId'] }],
  properties: {
    id: idProperty(),
    employee: () => p.manyToOne(Employee).mapToPk().deleteRule('cascade'),
    source: () => p.manyToOne(Source).mapToPk().deleteRule('cascade'),
    externalId: p.string(),
  },
});
export type EmployeeExternalId = InferEntity<typeof EmployeeExternalId>;
