// The hand-off to Temporal: an employee with events their workflow has not taken yet. A row appears on the
// clean→dirty transition (insert-if-absent with the events) and is what gets one signal; the workflow deletes
// it when it takes the events, so a burst of events costs one Temporal message, not one per event.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Employee } from './employee.entity.ts';

export const DirtyEmployee = defineEntity({
  name: 'DirtyEmployee',
  tableName: 'dirty_employee',
  indexes: [{ properties: ['signaledAt'] }],
  properties: {
    employee: () => p.manyToOne(Employee).mapToPk().primary().deleteRule('cascade'),
    dirtySince: p.datetime(),
    /** when the employee's workflow was signalled for this row; null until then */
    signaledAt: p.datetime().nullable(),
  },
});
export type DirtyEmployee = InferEntity<typeof DirtyEmployee>;
