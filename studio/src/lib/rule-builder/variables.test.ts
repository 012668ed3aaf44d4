import { describe, expect, it } from 'vitest';
import {
  contextVariables,
  eventFilterVariables,
  groupVariables,
  schemeVariables,
  searchVariables,
} from './variables.ts';

const metrics = [
  { key: 'won_amount', name: { en: 'Won amount', ru: 'Сумма выигранных' }, unit: 'money' },
  { key: 'calls', name: { en: 'Calls', ru: 'Звонки' }, unit: 'count' },
];

describe('variable catalogs', () => {
  it("gives a scheme's rule context: KPI figures, line achievements, employee, period, proration", () => {
    const options = schemeVariables([{ metric: 'calls' }], metrics, 'en');
    const paths = options.map((o) => o.path);
    expect(paths.slice(0, 4)).toStrictEqual([
      'kpi.calls.actual',
      'kpi.calls.plan',
      'kpi.calls.attainment',
      'kpi.calls.achievement',
    ]);
    expect(paths).toContain('kpi.won_amount.attainment');
    expect(paths).not.toContain('kpi.won_amount.achievement');
    expect(paths).toEqual(
      expect.arrayContaining(['achievement', 'employee.base_bonus', 'period.key', 'proration.share']),
    );
    expect(paths.some((p) => p.startsWith('event.'))).toBe(false);
    expect(options.find((o) => o.path === 'kpi.won_amount.actual')).toStrictEqual({
      path: 'kpi.won_amount.actual',
      label: 'Won amount: actual',
      group: 'KPI: Won amount',
      type: 'money',
    });
    expect(options.find((o) => o.path === 'employee.base_bonus')?.type).toBe('money');
  });

  it('names everything in Russian too, and adds the event for alert rules', () => {
    const options = schemeVariables([], metrics, 'ru', { event: true });
    expect(options.find((o) => o.path === 'kpi.calls.plan')?.label).toBe('Звонки: план');
    expect(options.find((o) => o.path === 'event.amount')).toMatchObject({ group: 'Событие CRM', type: 'money' });
    expect(options.some((o) => o.path === 'achievement')).toBe(false);
  });

  it("gives a metric filter's event fields and attributes", () => {
    const options = eventFilterVariables(['stage', 'pipeline', 'stage', 'bad key']);
    expect(options.map((o) => o.path)).toStrictEqual([
      'type',
      'amount',
      'currency',
      'externalId',
      'occurredAt',
      'attributes.stage',
      'attributes.pipeline',
    ]);
  });

  it('searches by words of the label, path or group, path prefixes first; groups in order', () => {
    const options = schemeVariables([{ metric: 'calls' }], metrics, 'en');
    expect(searchVariables(options, 'calls plan').map((o) => o.path)).toStrictEqual([
      'kpi.calls.plan',
      'kpi.calls.attainment',
    ]);
    expect(searchVariables(options, 'base').map((o) => o.path)).toStrictEqual(['employee.base_bonus']);
    expect(searchVariables(options, 'kpi.won')[0]?.path).toBe('kpi.won_amount.actual');
    expect(groupVariables(options).map((g) => g.group)).toStrictEqual([
      'KPI: Calls',
      'KPI: Won amount',
      'Scheme',
      'Employee',
      'Period',
    ]);
  });
});

describe('context variables', () => {
  it('lists the leaves of an example context with their types, grouped by top-level key', () => {
    expect(
      contextVariables({
        employee: { base_bonus: '60000.00', role: 'sales' },
        kpi: { calls: { actual: 380, plan: null } },
        period: { start: '2026-10-01' },
        flags: [1, 2],
        'bad key': 1,
      }),
    ).toStrictEqual([
      { path: 'employee.base_bonus', label: 'employee.base_bonus', group: 'employee', type: 'money' },
      { path: 'employee.role', label: 'employee.role', group: 'employee', type: 'string' },
      { path: 'kpi.calls.actual', label: 'kpi.calls.actual', group: 'kpi', type: 'number' },
      { path: 'kpi.calls.plan', label: 'kpi.calls.plan', group: 'kpi' },
      { path: 'period.start', label: 'period.start', group: 'period', type: 'date' },
      { path: 'flags', label: 'flags', group: 'flags' },
    ]);
    expect(contextVariables(5)).toStrictEqual([]);
  });
});
