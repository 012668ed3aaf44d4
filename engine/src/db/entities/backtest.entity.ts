// An on-demand backtest: a scheme version (typically a draft) evaluated over past periods from the stored
// event history, beside what was actually paid. `backtestWorkflow` fills its results; the row keeps the
// status and progress the studio polls.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty, timestamps } from './base.ts';
import { Employee } from './employee.entity.ts';
import { Scheme } from './scheme.entity.ts';
import { SchemeVersion } from './scheme-version.entity.ts';

export const BACKTEST_STATUSES = ['running', 'completed', 'failed', 'cancelled'] as const;
export type BacktestStatus = (typeof BACKTEST_STATUSES)[number];

/** one period's sums over its results, minor units of the version's currency */
export interface BacktestPeriodTotals {
  period: string;
  employees: number;
  draftMinor: string;
  paidMinor: string;
  pendingMinor: string;
  differenceMinor: string;
}

export const Backtest = defineEntity({
  name: 'Backtest',
  tableName: 'backtest',
  indexes: [{ properties: ['scheme', 'createdAt'] }],
  properties: {
    id: idProperty(),
    scheme: () => p.manyToOne(Scheme).mapToPk(),
    schemeVersion: () => p.manyToOne(SchemeVersion).mapToPk(),
    /** period keys, oldest first */
    periods: p.json<string[]>(),
    status: p.string().length(16).$type<BacktestStatus>(),
    currency: p.string().length(3),
    /** results written so far and participants planned; `progressTotal` is 0 until the plan is made */
    progressDone: p.integer().default(0),
    progressTotal: p.integer().default(0),
    /** per-period totals, written when the run ends */
    totals: p.json<BacktestPeriodTotals[]>().nullable(),
    error: p.text().nullable(),
    /** the user (or token owner) who asked for it */
    createdBy: p.string().length(64),
    finishedAt: p.datetime().nullable(),
    ...timestamps(),
  },
});
export type Backtest = InferEntity<typeof Backtest>;

/** What the version would have paid one employee for one period, beside what the scheme paid them. */
export const BacktestResult = defineEntity({
  name: 'BacktestResult',
  tableName: 'backtest_result',
  uniques: [{ properties: ['backtest', 'period', 'employee'] }],
  properties: {
    id: idProperty(),
    backtest: () => p.manyToOne(Backtest).mapToPk().deleteRule('cascade'),
    period: p.string().length(16),
    employee: () => p.manyToOne(Employee).mapToPk(),
    /** the version's payout; null when its payout rule gave no number */
    draftMinor: p.bigint('string').nullable(),
    /** approved and exported non-shadow payout, adjustment and clawback lines of the scheme */
    paidMinor: p.bigint('string'),
    /** proposed lines still under review: not counted as paid */
    pendingMinor: p.bigint('string'),
    /** draft − paid; null when the draft gave no payout */
    differenceMinor: p.bigint('string').nullable(),
    currency: p.string().length(3),
    /** the KPI figures the evaluation read */
    inputs: p.json<Record<string, unknown>>(),
    /** achievements per KPI line, weighted achievement, payout and period alerts (no full trace) */
    outputs: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type BacktestResult = InferEntity<typeof BacktestResult>;
