// An immutable evaluation of a scheme version for one employee and period: the input snapshot, the
// outputs and the rule trace. Re-running the version on the snapshot gives the same outputs.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { Employee } from './employee.entity.ts';
import { SchemeVersion } from './scheme-version.entity.ts';

/** `progress`: a run during the period; `close`: the run after it ends, which proposes bonuses; `clawback`: a paid
 *  period recomputed without a reversed deal */
export const EVALUATION_MODES = ['progress', 'close', 'clawback'] as const;
export type EvaluationMode = (typeof EVALUATION_MODES)[number];

export const Evaluation = defineEntity({
  name: 'Evaluation',
  tableName: 'evaluation',
  uniques: [{ properties: ['schemeVersion', 'employee', 'period', 'mode', 'asOf'] }],
  indexes: [{ properties: ['employee', 'period'] }],
  properties: {
    id: idProperty(),
    schemeVersion: () => p.manyToOne(SchemeVersion).mapToPk(),
    employee: () => p.manyToOne(Employee).mapToPk(),
    period: p.string().length(16),
    mode: p.string().length(16).$type<EvaluationMode>(),
    /** the data the evaluation saw: as of this instant */
    asOf: p.datetime(),
    /** the rule context: employee, period, KPI actuals and plans */
    inputs: p.json<Record<string, unknown>>(),
    /** achievements per KPI line, payout, currency, alerts */
    outputs: p.json<Record<string, unknown>>(),
    trace: p.json<unknown>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Evaluation = InferEntity<typeof Evaluation>;
