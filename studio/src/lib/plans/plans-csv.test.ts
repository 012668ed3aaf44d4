import { describe, expect, it } from 'vitest';
import { cellText, storedCells } from './plan-grid.ts';
import { plansToCsv, readPlansCsv } from './plans-csv.ts';

const employees = [
  { id: 'e1', name: 'Ольга Васильева', departmentId: 'd1' },
  { id: 'e2', name: 'Иван Петров', departmentId: 'd1' },
  { id: 'e3', name: 'Иван Петров', departmentId: 'd2' },
];
const metrics = [
  { key: 'won_amount', unit: 'money' as const },
  { key: 'conversion', unit: 'percent' as const },
];
const stored = storedCells([
  { id: 'p1', metric: 'won_amount', scope: 'employee:e1', target: '2500000' },
  { id: 'p2', metric: 'conversion', scope: 'employee:e1', target: '0.75' },
]);

describe('plans CSV', () => {
  it('exports the grid and reads it back with no changes', () => {
    const csv = plansToCsv(
      employees,
      metrics,
      (id) => (id === 'd1' ? 'Продажи B2B, Москва' : 'Розница'),
      (key, metric) => cellText(key, metric.unit, stored, new Map()),
    );
    expect(csv.split('\r\n')[0]).toBe('employee_id,employee,department,won_amount,conversion');
    expect(csv.split('\r\n')[1]).toBe('e1,Ольга Васильева,"Продажи B2B, Москва",2500000,75%');
    const preview = readPlansCsv(csv, employees, metrics, stored);
    expect(preview.problems).toEqual([]);
    expect(preview.upserts).toEqual([]);
    expect(preview.rows[0]).toMatchObject({ line: 2, unchanged: 2, changes: [], problems: [] });
  });

  it('previews the changes per row and keeps rows with problems out of the upload', () => {
    const csv = [
      'employee_id;employee;won_amount;conversion;notes',
      'e1;;3 000 000;75;',
      ';Ольга Васильева;1;;',
      'nobody;;5;;',
      ';Иван Петров;5;;',
      'e2;;abc;80,5;',
    ].join('\n');
    const preview = readPlansCsv(csv, employees, metrics, stored);
    expect(preview.ignored).toEqual(['notes']);
    expect(preview.rows.map((r) => ({ line: r.line, changes: r.changes, problems: r.problems }))).toEqual([
      { line: 2, changes: [{ metric: 'won_amount', from: '2500000', to: '3000000' }], problems: [] },
      {
        line: 3,
        changes: [{ metric: 'won_amount', from: '2500000', to: '1' }],
        problems: [{ kind: 'duplicate_employee', firstLine: 2 }],
      },
      { line: 4, changes: [], problems: [{ kind: 'unknown_employee', value: 'nobody' }] },
      { line: 5, changes: [], problems: [{ kind: 'ambiguous_employee', value: 'Иван Петров' }] },
      {
        line: 6,
        changes: [{ metric: 'conversion', from: null, to: '0.805' }],
        problems: [{ kind: 'bad_target', metric: 'won_amount', value: 'abc', problem: 'not_a_number' }],
      },
    ]);
    expect(preview.upserts).toEqual([{ metric: 'won_amount', scope: 'employee:e1', target: '3000000' }]);
  });

  it('says what is wrong with the file as a whole', () => {
    expect(readPlansCsv('', employees, metrics, stored).problems).toEqual([{ kind: 'empty' }]);
    expect(readPlansCsv('name,x\nA,1\n', employees, metrics, stored).problems).toEqual([{ kind: 'no_metric_columns' }]);
    expect(readPlansCsv('won_amount\n1\n', employees, metrics, stored).problems).toEqual([
      { kind: 'no_employee_column' },
    ]);
    expect(readPlansCsv('employee_id,won_amount\ne1,"1\n', employees, metrics, stored).problems).toEqual([
      { kind: 'csv', parse: { ok: false, problem: 'unclosed_quote', line: 2 } },
    ]);
  });

  it('takes columns named after a metric in either language', () => {
    const named = [
      { key: 'won_amount', unit: 'money' as const, name: { en: 'Won deals, amount', ru: 'Сумма выигранных сделок' } },
    ];
    const preview = readPlansCsv(
      'employee;Сумма выигранных сделок\nОльга Васильева;2 600 000\n',
      employees,
      named,
      stored,
    );
    expect(preview.metrics).toEqual(['won_amount']);
    expect(preview.upserts).toEqual([{ metric: 'won_amount', scope: 'employee:e1', target: '2600000' }]);
  });
});
