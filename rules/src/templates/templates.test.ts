import { describe, expect, it } from 'vitest';
import { evaluate, explain, references, renderTrace, validate } from '../index.ts';
import { kpiCardTemplates, kpiCoefficients, salaryPlusCommission } from './index.ts';

describe('KPI card templates', () => {
  it.each(kpiCardTemplates.map((t) => [t.id, t] as const))(
    '%s: valid against its catalog, and pays its example',
    (_id, template) => {
      expect(validate(template.rule, { catalog: template.metrics })).toStrictEqual({ ok: true, warnings: [] });
      expect(references(template.rule).kpis).toStrictEqual([...template.metrics].sort());
      expect(evaluate(template.rule, template.example.context)).toBe(template.example.payout);
      expect(JSON.stringify(template.rule).length).toBeLessThan(700);
    },
  );

  it('salary + % of sales: the rate steps with attainment, and an empty plan pays the lowest rate', () => {
    const rule = salaryPlusCommission();
    const pay = (actual: number, plan: number) =>
      evaluate(rule, { employee: { salary: '40000.00' }, kpi: { sales: { actual, plan } } });
    expect(pay(700_000, 1_000_000)).toBe('61000.00');
    expect(pay(850_000, 1_000_000)).toBe('82500.00');
    expect(pay(1_000_000, 1_000_000)).toBe('110000.00');
    expect(pay(1_000_000, 0)).toBe('70000.00');
  });

  it('KPI coefficients: no payout on an empty plan, nothing below the thresholds', () => {
    const rule = kpiCoefficients();
    const context = (won: number, plan: number) => ({
      employee: { base_bonus: '60000.00' },
      kpi: {
        won_amount: { actual: won, plan },
        calls: { actual: 0, plan: 400 },
        conversion: { actual: 0, plan: 0.25 },
      },
    });
    expect(evaluate(rule, context(5_000_000, 0))).toBe('0.00');
    expect(evaluate(rule, context(1_000_000, 2_500_000))).toBe('0.00');
    expect(evaluate(rule, context(3_000_000, 2_500_000))).toBe('36000.00');
  });

  it('explains a payout line by line, in English and Russian', () => {
    const template = kpiCardTemplates[1];
    if (!template) throw new Error('no template');
    const trace = explain(template.rule, template.example.context);
    expect(trace.value).toBe('50100.00');
    const ru = renderTrace(trace, 'ru');
    expect(ru).toContain('ниже порога 0,9 → 0');
    expect(ru).toContain('kpi.calls.actual = 380');
    const en = renderTrace(trace, 'en');
    expect(en).toContain('0.5 × 1.1 + 0.3 × 0.95 + 0.2 × 0 = 0.835');
    expect(en.split('\n')[0]).toBe('money = "50100.00"');
    console.info(en);
  });
});
