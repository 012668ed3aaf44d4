import { describe, expect, it } from 'vitest';
import type { BacktestResult } from '../api/backtests.ts';
import {
  kpiLines,
  overallTotals,
  progressShare,
  RESULT_COLUMNS,
  resultsFor,
  SUM_PER_EMPLOYEE,
  withoutPayout,
} from './results.ts';
import { ariaSort, nextSort, sortRows } from './sorting.ts';

const result = (name: string, period: string, draft: string | null, paid: string, difference: string | null) =>
  ({
    period,
    employee: { id: name.toLowerCase(), name },
    draft,
    paid,
    pending: '0.00',
    difference,
    currency: 'RUB',
    inputs: {},
    outputs: {},
  }) satisfies BacktestResult;

const rows = [
  result('Мария', '2026-10', '45000.00', '40000.00', '5000.00'),
  result('алексей', '2026-10', null, '10000.00', null),
  result('Борис', '2026-10', '9000.00', '10000.00', '-1000.00'),
  result('Мария', '2026-09', '100000.00', '20000.00', '80000.00'),
];

const tie = (r: BacktestResult) => `${r.employee.name}|${r.period}`;

describe('sorting the per-employee table', () => {
  it('sorts money exactly, largest first, with a missing payout last', () => {
    const sorted = sortRows(rows, RESULT_COLUMNS, { key: 'difference', direction: 'desc' }, 'RUB', 'ru', tie);
    expect(sorted.map((r) => r.difference)).toEqual(['80000.00', '5000.00', '-1000.00', null]);
    const ascending = sortRows(rows, RESULT_COLUMNS, { key: 'difference', direction: 'asc' }, 'RUB', 'ru', tie);
    expect(ascending.map((r) => r.difference)).toEqual(['-1000.00', '5000.00', '80000.00', null]);
  });

  it('sorts names by the language’s alphabet, ignoring case, then by period', () => {
    const sorted = sortRows(rows, RESULT_COLUMNS, { key: 'employee', direction: 'asc' }, 'RUB', 'ru', tie);
    expect(sorted.map((r) => `${r.employee.name} ${r.period}`)).toEqual([
      'алексей 2026-10',
      'Борис 2026-10',
      'Мария 2026-09',
      'Мария 2026-10',
    ]);
  });

  it('flips the same column and starts money columns largest first', () => {
    expect(nextSort({ key: 'employee', direction: 'asc' }, 'employee', 'text')).toEqual({
      key: 'employee',
      direction: 'desc',
    });
    expect(nextSort({ key: 'employee', direction: 'asc' }, 'paid', 'money')).toEqual({
      key: 'paid',
      direction: 'desc',
    });
    expect(ariaSort({ key: 'paid', direction: 'desc' }, 'paid')).toBe('descending');
    expect(ariaSort({ key: 'paid', direction: 'desc' }, 'draft')).toBe('none');
  });

  it('sums each employee over the periods, leaving the payout empty when a period has none', () => {
    const summed = resultsFor(rows, SUM_PER_EMPLOYEE, 'RUB');
    const maria = summed.find((r) => r.employee.name === 'Мария');
    expect(maria).toMatchObject({ draft: '145000.00', paid: '60000.00', pending: '0.00', difference: '85000.00' });
    const alexey = summed.find((r) => r.employee.name === 'алексей');
    expect(alexey).toMatchObject({ draft: null, paid: '10000.00', difference: null });
    expect(summed).toHaveLength(3);
  });

  it('filters to one period and counts results without a payout', () => {
    expect(resultsFor(rows, '2026-09')).toHaveLength(1);
    expect(resultsFor(rows, undefined)).toHaveLength(4);
    expect(withoutPayout(rows)).toBe(1);
  });
});

describe('backtest totals', () => {
  it('add the periods up exactly: the total cost difference', () => {
    const totals = overallTotals(
      [
        {
          period: '2026-09',
          employees: 15,
          draft: '100000.10',
          paid: '90000.00',
          pending: '30000.00',
          difference: '10000.10',
        },
        {
          period: '2026-10',
          employees: 15,
          draft: '80000.20',
          paid: '95000.00',
          pending: '0.00',
          difference: '-14999.80',
        },
      ],
      'RUB',
    );
    expect(totals).toEqual({
      draft: '180000.30',
      paid: '185000.00',
      pending: '30000.00',
      difference: '-4999.70',
      results: 30,
    });
  });

  it('tell how far a backtest has got', () => {
    expect(progressShare({ progress: { done: 7, total: 30 } })).toBeCloseTo(7 / 30);
    expect(progressShare({ progress: { done: 0, total: 0 } })).toBe(1);
  });
});

describe('the KPI lines behind a result', () => {
  it('are read from the evaluation’s outputs, skipping what is not a line', () => {
    expect(
      kpiLines({
        payout: '45000.00',
        achievements: [
          { metric: 'won_amount', weight: 0.5, actual: 1840000, plan: '2500000', attainment: 0.736, achievement: 0 },
          { metric: 'calls', weight: 0.3, actual: null, plan: null, attainment: null, achievement: null },
          'nonsense',
          { weight: 1 },
        ],
      }),
    ).toEqual([
      { metric: 'won_amount', weight: 0.5, actual: '1840000', plan: '2500000', attainment: 0.736, achievement: 0 },
      { metric: 'calls', weight: 0.3, actual: null, plan: null, attainment: null, achievement: null },
    ]);
    expect(kpiLines({})).toEqual([]);
  });
});
