import { explain, kpiCoefficients, type Trace } from '@yardstick/rules';
import { evaluateSchemeForEmployee, type SchemeDefinition } from '@yardstick/workflows/evaluation';
import { describe, expect, it } from 'vitest';
import { explainTrace, stepsAsText, type TraceMetric } from './trace-tree.ts';

const lines = [
  { metric: 'won_amount', weight: 0.5, threshold: 0.8, cap: 1.2 },
  { metric: 'deals_won', weight: 0.2, threshold: 0.5, cap: 1.5 },
  { metric: 'calls', weight: 0.3, threshold: 0.7, cap: 1.1 },
];

// the demo scheme's KPI card, as the engine's close evaluates it
const definition = {
  scope: { departments: [], roles: [], employees: [] },
  periodKind: 'month',
  alertRules: [],
  kpis: lines,
  payout: kpiCoefficients({ lines, currency: 'RUB' }),
  currency: 'RUB',
} as unknown as SchemeDefinition;

const metrics = new Map<string, TraceMetric>([
  ['won_amount', { name: { en: 'Won deals, amount', ru: 'Сумма выигранных сделок' }, unit: 'money' }],
  ['deals_won', { name: { en: 'Won deals', ru: 'Выигранные сделки' }, unit: 'count' }],
  ['calls', { name: { en: 'Calls made', ru: 'Звонки' }, unit: 'count' }],
]);

function traceOf(kpi: Record<string, { actual: number; plan: number }>): Trace {
  const result = evaluateSchemeForEmployee(definition, { employee: { base_bonus: '60000.00' }, kpi });
  return result.trace as Trace;
}

const below = traceOf({
  won_amount: { actual: 1_840_000, plan: 2_500_000 },
  deals_won: { actual: 5, plan: 8 },
  calls: { actual: 150, plan: 120 },
});

// spaces inside numbers differ between ICU versions (narrow no-break or no-break): compare words
const plainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('explainTrace', () => {
  it('says why a KPI line pays nothing: the attainment against the plan, then the threshold it missed', () => {
    const tree = explainTrace(below, { locale: 'en', currency: 'RUB', metrics });
    expect(tree.text).toBe('Bonus: ₽27,300.00');
    const [product] = tree.children;
    expect(product?.text).toBe('Base bonus ₽60,000.00 × achievement 0.455 = ₽27,300.00');
    const weighted = product?.children.find((c) => c.text.startsWith('Achievement'));
    expect(weighted?.text).toBe('Achievement: 50% × 0 + 20% × 0.625 + 30% × 1.1 = 0.455');
    const [won, deals, calls] = weighted?.children ?? [];
    expect(won).toMatchObject({ text: 'Won deals, amount, weight 50%: coefficient 0 → 0', mark: 'zero' });
    expect(won?.children[0]?.text).toBe(
      'Won deals, amount: ₽1,840,000 of plan ₽2,500,000 = 73.6% → below the 80% threshold → coefficient 0',
    );
    expect(won?.children[0]?.children.map((c) => c.text)).toEqual([
      'Won deals, amount, actual: ₽1,840,000',
      'Won deals, amount, plan: ₽2,500,000',
    ]);
    expect(deals?.children[0]?.text).toBe(
      'Won deals: 5 of plan 8 = 62.5% → between the 50% threshold and the 150% cap → coefficient 0.625',
    );
    expect(calls).toMatchObject({ mark: 'capped' });
    expect(calls?.children[0]?.text).toBe(
      'Calls made: 150 of plan 120 = 125% → reaches the 110% cap → coefficient 1.1',
    );
  });

  it('reads in Russian with Russian number and money formats', () => {
    const text = plainSpaces(stepsAsText(explainTrace(below, { locale: 'ru', currency: 'RUB', metrics })));
    expect(text).toContain('Премия: 27 300,00 ₽');
    expect(text).toContain(
      'Сумма выигранных сделок: 1 840 000 ₽ из плана 2 500 000 ₽ = 73,6 % → ниже порога 80 % → коэффициент 0',
    );
    expect(text).toContain('Выполнение: 50 % × 0 + 20 % × 0,625 + 30 % × 1,1 = 0,455');
  });

  it('names a metric missing from the catalog by its key, and keeps steps nested by indentation', () => {
    const text = stepsAsText(explainTrace(below, { locale: 'en', currency: 'RUB', metrics: new Map() }));
    expect(text.split('\n')[0]).toBe('Bonus: ₽27,300.00');
    expect(text).toContain('\n        won_amount: 1,840,000 of plan 2,500,000 = 73.6% → below the 80% threshold');
  });

  it('falls back to the rule language’s own explanation for other operations, and shows where it stopped', () => {
    const tiered = explain(
      { if: [{ '>=': [{ var: 'kpi.calls.actual' }, 100] }, { tier: [{ var: 'kpi.calls.actual' }, [[100, 500]]] }, 0] },
      { kpi: { calls: { actual: 130 } } },
    );
    const tree = explainTrace(tiered, { locale: 'en', currency: 'RUB', metrics });
    expect(tree.text).toBe('if: → 500');
    expect(tree.children.map((c) => c.text)).toEqual(['>=: 130 >= 100 is true', 'tier: 130 → 500']);
    expect(tree.children[0]?.children[0]?.text).toBe('Calls made, actual: 130');

    const stopped = explain({ if: [{ missing: ['kpi.calls.plan'] }, { throw: 'no_plan' }, 1] }, { kpi: {} });
    const failed = explainTrace(stopped, { locale: 'en', currency: 'RUB', metrics });
    expect(failed.children.find((c) => c.mark === 'error')?.text).toMatch(/stopped: .*no_plan/);
  });
});
