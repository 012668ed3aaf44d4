import { describe, expect, it } from 'vitest';
import type { PilotDiffItem } from '../api/pilot.ts';
import { sortRows } from '../backtests/sorting.ts';
import { chosenPeriod, departmentNamer, pilotColumns } from './pilot-rows.ts';

const side = (payout: string | null) => ({
  evaluationId: 'e',
  mode: 'progress',
  asOf: '2026-10-20T06:00:00Z',
  payout,
  currency: 'RUB',
  weightedAchievement: null,
  achievements: [],
});

const item = (
  name: string,
  department: string,
  active: string | null,
  pilot: string | null,
  difference: string | null,
) =>
  ({
    employee: { id: name, name, department, role: 'sales' },
    active: active === null ? null : side(active),
    pilot: pilot === null ? null : side(pilot),
    difference,
    shadowLines: [],
    realLines: [],
  }) as PilotDiffItem;

describe('the pilot comparison', () => {
  const name = departmentNamer([
    { key: 'moscow-b2b', name: 'Москва B2B' },
    { key: 'spb', name: 'Санкт-Петербург' },
  ]);
  const columns = pilotColumns(name);
  const items = [
    item('Ольга', 'spb', '30000.00', '36000.00', '6000.00'),
    item('Алексей', 'moscow-b2b', '50000.00', '42000.50', '-7999.50'),
    item('Николай', 'moscow-b2b', null, '12000.00', null),
  ];

  it('names departments, keeping a key it cannot name', () => {
    expect(name('spb')).toBe('Санкт-Петербург');
    expect(name('kazan')).toBe('kazan');
  });

  it('sorts by the difference, an employee not evaluated on one side last', () => {
    const sorted = sortRows(
      items,
      columns,
      { key: 'difference', direction: 'desc' },
      'RUB',
      'ru',
      (i) => i.employee.id,
    );
    expect(sorted.map((i) => i.employee.name)).toEqual(['Ольга', 'Алексей', 'Николай']);
  });

  it('sorts by department name', () => {
    const sorted = sortRows(
      items,
      columns,
      { key: 'department', direction: 'asc' },
      'RUB',
      'ru',
      (i) => i.employee.name,
    );
    expect(sorted.map((i) => i.employee.name)).toEqual(['Алексей', 'Николай', 'Ольга']);
  });

  it('compares the period asked for when offered, else the current one', () => {
    const offered = ['2026-12', '2026-11', '2026-10'];
    expect(chosenPeriod('2026-11', offered)).toBe('2026-11');
    expect(chosenPeriod('2019-01', offered)).toBe('2026-12');
    expect(chosenPeriod(null, offered)).toBe('2026-12');
  });
});
