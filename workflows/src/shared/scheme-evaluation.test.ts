import { describe, expect, it } from 'vitest';
import { DEMO_SCHEME_DEFINITION } from '../../../engine/src/db/seed/demo-data.ts';
import type { GoldenCase, SchemeDefinition } from './scheme-definition.ts';
import { compileScheme, evaluateSchemeForEmployee, runGoldenCases } from './scheme-evaluation.ts';

function firstCase(): GoldenCase {
  const [first] = DEMO_SCHEME_DEFINITION.goldenCases ?? [];
  if (!first) throw new Error('the demo scheme has golden cases');
  return first;
}

describe('evaluateSchemeForEmployee', () => {
  it('passes every golden case of the demo scheme', () => {
    const results = runGoldenCases(DEMO_SCHEME_DEFINITION);
    expect(results.map((r) => [r.name, r.actual.payout, r.passed])).toEqual([
      ['on plan, won amount 110%', '63000.00', true],
      ['won amount below its threshold', '22500.00', true],
      ['every line capped', '73800.00', true],
    ]);
  });

  it('reports each KPI line with attainment and achievement, and the payout trace', () => {
    const result = evaluateSchemeForEmployee(DEMO_SCHEME_DEFINITION, {
      employee: { id: 'e-1', base_bonus: '60000.00' },
      kpi: {
        won_amount: { actual: 1_840_000, plan: 2_500_000 },
        deals_won: { actual: 5, plan: 8 },
        calls: { actual: 100, plan: 120 },
      },
    });
    expect(result.achievements[0]).toMatchObject({ metric: 'won_amount', attainment: 0.736, achievement: 0 });
    expect(result.achievements[1]).toMatchObject({ metric: 'deals_won', achievement: 0.625 });
    expect(result.weightedAchievement).toBe(0.375);
    expect(result).toMatchObject({ payout: '22500.00', currency: 'RUB', alerts: [] });
    expect(result.trace?.op).toBe('money');
  });

  it('never pays on an empty plan and raises period alerts marked for evaluation', () => {
    const definition: SchemeDefinition = {
      ...DEMO_SCHEME_DEFINITION,
      alertRules: [
        {
          id: 'no-calls',
          name: { en: 'No calls', ru: 'Нет звонков' },
          on: ['evaluation'],
          severity: 'warning',
          when: { '<': [{ var: 'kpi.calls.attainment' }, 0.5] },
          message: { en: 'calls at {{kpi.calls.attainment}}', ru: 'звонки: {{kpi.calls.attainment}}' },
        },
      ],
    };
    const result = evaluateSchemeForEmployee(definition, {
      employee: { base_bonus: '60000.00' },
      kpi: { won_amount: { actual: 100, plan: null }, calls: { actual: 0, plan: 120 } },
    });
    expect(result.payout).toBe('0.00');
    expect(result.alerts).toEqual([
      {
        ruleId: 'no-calls',
        name: definition.alertRules[0]?.name,
        severity: 'warning',
        message: { en: 'calls at 0', ru: 'звонки: 0' },
      },
    ]);
  });

  it('evaluates a scheme of alert rules only, with no KPI lines and no payout', () => {
    const definition: SchemeDefinition = {
      ...DEMO_SCHEME_DEFINITION,
      kpis: [],
      payout: null,
      goldenCases: [],
      alertRules: [
        {
          id: 'deals-lost',
          name: { en: 'Deals lost', ru: 'Потерянные сделки' },
          on: ['evaluation'],
          severity: 'warning',
          when: { '>=': [{ var: 'kpi.deals_lost.actual' }, 1] },
          message: { en: '{{kpi.deals_lost.actual}} lost', ru: 'потеряно: {{kpi.deals_lost.actual}}' },
        },
      ],
    };
    const result = evaluateSchemeForEmployee(definition, {
      employee: { base_bonus: '60000.00' },
      kpi: { deals_lost: { actual: 2, plan: null } },
    });
    expect(result).toMatchObject({ achievements: [], weightedAchievement: null, payout: null });
    expect(result.alerts.map((a) => a.message.en)).toEqual(['2 lost']);
  });

  it('fails a golden case whose expectation is wrong, with the actual payout and trace', () => {
    const [first] = runGoldenCases({
      ...DEMO_SCHEME_DEFINITION,
      goldenCases: [
        { ...(DEMO_SCHEME_DEFINITION.goldenCases?.[0] as GoldenCase), expected: { payout: '1.00', currency: 'RUB' } },
      ],
    });
    expect(first).toMatchObject({ passed: false, actual: { payout: '63000.00', currency: 'RUB' } });
    expect(first?.trace).not.toBeNull();
  });

  it('prorates the payout by working days when the scheme says so, exactly', () => {
    const context = {
      employee: { base_bonus: '60000.00' },
      kpi: firstCase().context.kpi,
      proration: { share: 7 / 22, workedDays: 7, workingDays: 22 },
    };
    expect(evaluateSchemeForEmployee(DEMO_SCHEME_DEFINITION, context).payout).toBe('63000.00');
    // 63000 × 7 / 22 = 20045.4545… → 20045.45
    expect(evaluateSchemeForEmployee({ ...DEMO_SCHEME_DEFINITION, proration: 'working-days' }, context).payout).toBe(
      '20045.45',
    );
  });
});

describe('compileScheme', () => {
  const context = (role: string, kpi: Record<string, { actual: number; plan: number }>) => ({
    employee: { id: `e-${role}`, role, base_bonus: '60000.00' },
    kpi,
  });

  it('gives what evaluateSchemeForEmployee gives, with or without the trace', () => {
    const compiled = compileScheme(DEMO_SCHEME_DEFINITION, { trace: false });
    for (const golden of DEMO_SCHEME_DEFINITION.goldenCases ?? []) {
      const one = evaluateSchemeForEmployee(DEMO_SCHEME_DEFINITION, golden.context);
      expect(compiled.evaluate(golden.context)).toEqual({ ...one, trace: null });
    }
  });

  it('pays the base bonus the scheme sets for the role, and the employee’s own to other roles', () => {
    const definition: SchemeDefinition = {
      ...DEMO_SCHEME_DEFINITION,
      baseBonusByRole: { head_of_sales: '90000.00' },
    };
    const kpi = firstCase().context.kpi as Record<string, { actual: number; plan: number }>;
    const compiled = compileScheme(definition);
    // 1.05 × 90,000 for the head of sales, 1.05 × their own 60,000 for a salesperson
    expect(compiled.evaluate(context('head_of_sales', kpi)).payout).toBe('94500.00');
    expect(compiled.evaluate(context('sales', kpi)).payout).toBe('63000.00');
    const golden = runGoldenCases({
      ...definition,
      goldenCases: [
        {
          name: 'head of sales on plan',
          context: { employee: { role: 'head_of_sales', base_bonus: '1.00' }, kpi },
          expected: { payout: '94500.00', currency: 'RUB' },
        },
      ],
    });
    expect(golden[0]?.passed).toBe(true);
  });
});
