import { describe, expect, it } from 'vitest';
import { baseBonusByRole } from './base-bonus.ts';

const person = (id: string, role: string, base: string) => ({
  employee: { id, name: id, department: 'd', role },
  context: { employee: { id, base_bonus: base } },
  active: null,
});

describe('base bonus by role', () => {
  it('sums up the employees’ own base bonuses per role beside what the scheme sets', () => {
    const rows = baseBonusByRole(
      [person('a', 'sales', '60000.00'), person('b', 'sales', '55000.50'), person('c', 'head_of_sales', '90000.00')],
      { head_of_sales: '100000.00', intern: '10000.00' },
      'RUB',
    );
    expect(rows).toEqual([
      { role: 'head_of_sales', employees: 1, min: '90000.00', max: '90000.00', scheme: '100000.00' },
      { role: 'intern', employees: 0, min: '0.00', max: '0.00', scheme: '10000.00' },
      { role: 'sales', employees: 2, min: '55000.50', max: '60000.00', scheme: null },
    ]);
  });
});
