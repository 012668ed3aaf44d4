import { describe, expect, it } from 'vitest';
import { sumDecimals } from '../decimal.ts';
import {
  cellKey,
  cellText,
  columnTotal,
  copyPrevious,
  fillValue,
  nextCell,
  pendingChanges,
  storedCells,
  withoutNoOps,
} from './plan-grid.ts';
import type { TargetUnit } from './targets.ts';

const stored = storedCells([
  { id: 'p1', metric: 'won_amount', scope: 'employee:e1', target: '2500000' },
  { id: 'p2', metric: 'conversion', scope: 'employee:e1', target: '0.75' },
  { id: 'p3', metric: 'won_amount', scope: 'department:d1', target: '9000000' },
]);
const units = new Map<string, TargetUnit>([
  ['won_amount', 'money'],
  ['deals_won', 'count'],
  ['conversion', 'percent'],
]);
const employees = [
  { id: 'e1', name: 'Ольга', departmentId: 'd1' },
  { id: 'e2', name: 'Иван', departmentId: 'd1' },
];

describe('plan grid', () => {
  it('shows stored employee targets in their unit, edits over them', () => {
    expect(stored.size).toBe(2);
    expect(cellText(cellKey('e1', 'conversion'), 'percent', stored, new Map())).toBe('75');
    expect(cellText(cellKey('e1', 'won_amount'), 'money', stored, new Map([['e1|won_amount', '3 000 000']]))).toBe(
      '3 000 000',
    );
    expect(cellText(cellKey('e2', 'won_amount'), 'money', stored, new Map())).toBe('');
  });

  it('turns edits into upserts and deletions, and holds back while a cell is invalid', () => {
    const edits = new Map([
      ['e1|won_amount', '2 500 000'], // the same as stored
      ['e1|conversion', ''], // cleared
      ['e2|won_amount', '1 200 000,5'],
      ['e2|deals_won', '8.5'],
    ]);
    expect(pendingChanges(edits, stored, units)).toEqual({
      upserts: [{ metric: 'won_amount', scope: 'employee:e2', target: '1200000.5' }],
      deletions: [{ key: 'e1|conversion', planId: 'p2' }],
      invalid: ['e2|deals_won'],
    });
    expect([...withoutNoOps(edits, stored, units).keys()]).toEqual(['e1|conversion', 'e2|won_amount', 'e2|deals_won']);
  });

  it('moves like a spreadsheet: arrows stop at the edges, Enter goes down, Tab wraps rows', () => {
    const size = { rows: 2, columns: 3 };
    expect(nextCell({ row: 0, column: 0 }, 'ArrowUp', false, size)).toEqual({ row: 0, column: 0 });
    expect(nextCell({ row: 0, column: 2 }, 'ArrowRight', false, size)).toEqual({ row: 0, column: 2 });
    expect(nextCell({ row: 0, column: 1 }, 'Enter', false, size)).toEqual({ row: 1, column: 1 });
    expect(nextCell({ row: 1, column: 1 }, 'Enter', true, size)).toEqual({ row: 0, column: 1 });
    expect(nextCell({ row: 0, column: 2 }, 'Tab', false, size)).toEqual({ row: 1, column: 0 });
    expect(nextCell({ row: 1, column: 0 }, 'Tab', true, size)).toEqual({ row: 0, column: 2 });
    expect(nextCell({ row: 1, column: 2 }, 'Tab', false, size)).toEqual({ row: 1, column: 2 });
    expect(nextCell({ row: 0, column: 0 }, 'a', false, size)).toBeNull();
  });

  it('fills a metric for the listed employees, or copies last period where it had targets', () => {
    expect([...fillValue(new Map(), employees, 'deals_won', '10')]).toEqual([
      ['e1|deals_won', '10'],
      ['e2|deals_won', '10'],
    ]);
    const previous = storedCells([
      { id: 'q1', metric: 'conversion', scope: 'employee:e2', target: '0.8' },
      { id: 'q2', metric: 'won_amount', scope: 'employee:e2', target: '1000000' },
    ]);
    const copied = copyPrevious(
      new Map(),
      employees,
      [
        { key: 'conversion', unit: 'percent' },
        { key: 'deals_won', unit: 'count' },
      ],
      previous,
    );
    expect(copied.filled).toBe(1);
    expect([...copied.edits]).toEqual([['e2|conversion', '80']]);
  });

  it('totals money and count columns exactly, with typed edits, and not percents', () => {
    expect(sumDecimals(['2500000', '0.5', '1200000.25', '0.0001'])).toBe('3700000.7501');
    expect(sumDecimals([])).toBe('0');
    const edits = new Map([
      ['e2|won_amount', '1 000 000,5'],
      ['e1|deals_won', 'x'],
    ]);
    expect(columnTotal(employees, { key: 'won_amount', unit: 'money' }, stored, edits)).toBe('3500000.5');
    expect(columnTotal(employees, { key: 'deals_won', unit: 'count' }, stored, edits)).toBe('0');
    expect(columnTotal(employees, { key: 'conversion', unit: 'percent' }, stored, edits)).toBeNull();
  });
});
