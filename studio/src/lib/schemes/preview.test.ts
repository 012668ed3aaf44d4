import { compileScheme, type SchemeDefinition } from '@yardstick/workflows/evaluation';
import { describe, expect, it } from 'vitest';
import { DEMO_SCHEME_DEFINITION } from '../../../../engine/src/db/seed/demo-data.ts';
import { payoutForLines } from './definition.ts';
import { type PreviewInput, previewScheme } from './preview.ts';

function participant(
  id: string,
  role: string,
  won: number,
  active: string | null,
  baseBonus = '60000.00',
): PreviewInput {
  return {
    employee: { id, name: `Employee ${id}`, department: 'moscow-b2b', role },
    context: {
      employee: { id, role, base_bonus: baseBonus },
      kpi: {
        won_amount: { actual: won, plan: 2_500_000 },
        deals_won: { actual: 8, plan: 8 },
        calls: { actual: 120, plan: 120 },
      },
    },
    active: active === null ? null : { payout: active, currency: 'RUB' },
  };
}

describe('previewScheme', () => {
  const people = [
    participant('a', 'sales', 2_750_000, '63000.00'),
    participant('b', 'sales', 1_840_000, '30000.00'),
    participant('c', 'head_of_sales', 2_500_000, null),
  ];

  it('pays each employee what the engine would, with totals and the difference from the active version', () => {
    const result = previewScheme(DEMO_SCHEME_DEFINITION, people, { currency: 'RUB' });
    expect(result.invalid).toBe(false);
    const engine = compileScheme(DEMO_SCHEME_DEFINITION);
    for (const [i, row] of result.rows.entries()) {
      expect(row.payout).toBe(engine.evaluate((people[i] as PreviewInput).context as never).payout);
    }
    expect(result.rows.map((r) => [r.payout, r.active, r.difference])).toEqual([
      ['63000.00', '63000.00', '0.00'],
      ['30000.00', '30000.00', '0.00'],
      ['60000.00', null, null],
    ]);
    expect(result.rows[0]?.lines[0]).toEqual({ metric: 'won_amount', attainment: 1.1, achievement: 1.1 });
    expect(result.totals).toEqual({ payout: '153000.00', active: '93000.00', difference: '60000.00' });
    expect(result.changed).toBe(1);
  });

  it('shows the effect of an edited weight and of a base bonus per role', () => {
    const edited: SchemeDefinition = structuredClone(DEMO_SCHEME_DEFINITION);
    edited.kpis = edited.kpis.map((l) =>
      l.metric === 'won_amount' ? { ...l, weight: 0.3 } : l.metric === 'calls' ? { ...l, weight: 0.5 } : l,
    );
    edited.payout = payoutForLines(edited.kpis, 'RUB');
    edited.baseBonusByRole = { head_of_sales: '100000.00' };
    const result = previewScheme(edited, people, { currency: 'RUB' });
    // a: 0.3 × 1.1 + 0.2 + 0.5 = 1.03; b: 0.3 × 0 + 0.2 + 0.5 = 0.7; c: 1 × 100,000
    expect(result.rows.map((r) => r.payout)).toEqual(['61800.00', '42000.00', '100000.00']);
    expect(result.rows.map((r) => r.difference)).toEqual(['-1200.00', '12000.00', null]);
    expect(result.changed).toBe(3);
  });

  it('says the rules are invalid instead of paying anything', () => {
    const result = previewScheme({ ...DEMO_SCHEME_DEFINITION, payout: { nope: [1] } }, people, null);
    expect(result).toMatchObject({ invalid: true, rows: [], totals: { payout: '0.00', active: null } });
  });

  it('compares nothing with an active version in another currency', () => {
    const result = previewScheme({ ...DEMO_SCHEME_DEFINITION, currency: 'EUR' }, people, { currency: 'RUB' });
    expect(result.totals.active).toBeNull();
    expect(result.rows.every((r) => r.difference === null)).toBe(true);
  });

  it('pays nothing to an employee whose payout rule stops, as the engine does, and goes on', () => {
    const throwing = {
      ...DEMO_SCHEME_DEFINITION,
      payout: { if: [{ '>': [{ var: 'employee.base_bonus' }, 70000] }, { throw: 'too much' }, '1.00'] },
    };
    const result = previewScheme(throwing, [...people, participant('d', 'sales', 1, null, '90000.00')], null);
    expect(result.rows.map((r) => r.payout)).toEqual(['1.00', '1.00', '1.00', null]);
    expect(result.totals.payout).toBe('3.00');
  });
});
