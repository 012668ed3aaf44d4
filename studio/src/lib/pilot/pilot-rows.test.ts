import { describe, expect, it } from 'vitest';
import type { PilotDiffItem } from '../api/pilot.ts';
import { sortRows } from '../backtests/sorting.ts';
import { achievementRows, chosenPeriod, departmentNamer, pilotColumns } from './pilot-rows.ts';

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

describe('the KPI lines behind an employee’s comparison', () => {
  it('pair the lines of both versions by metric, a line only one side has left empty on the other', () => {
    const withLines = {
      active: {
        ...side('100.00'),
        achievements: [
          { metric: 'deals_won', weight: 0.2, attainment: 0.9, achievement: 0.9 },
          { metric: 'calls', weight: 0.3, attainment: 1.2, achievement: 1.1 },
        ],
      },
      pilot: {
        ...side('120.00'),
        achievements: [
          { metric: 'calls', weight: 0.2, attainment: 1.2, achievement: 1.1 },
          { metric: 'deals_won', weight: 0.3, attainment: 0.9, achievement: 0.9 },
          { metric: 'margin', weight: 0.1, attainment: 0.5, achievement: 0 },
        ],
      },
    };
    expect(achievementRows(withLines)).toEqual([
      {
        metric: 'deals_won',
        attainment: 0.9,
        activeWeight: 0.2,
        pilotWeight: 0.3,
        activeAchievement: 0.9,
        pilotAchievement: 0.9,
      },
      {
        metric: 'calls',
        attainment: 1.2,
        activeWeight: 0.3,
        pilotWeight: 0.2,
        activeAchievement: 1.1,
        pilotAchievement: 1.1,
      },
      {
        metric: 'margin',
        attainment: 0.5,
        activeWeight: null,
        pilotWeight: 0.1,
        activeAchievement: null,
        pilotAchievement: 0,
      },
    ]);
    expect(achievementRows({ active: null, pilot: null })).toEqual([]);
  });
});
