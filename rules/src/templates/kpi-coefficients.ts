// «KPI-коэффициенты»: a base bonus times the weighted achievement of KPI lines, each line scaled
// by its threshold, plan and cap.
import type { Rule } from '../types.ts';
import type { KpiCardTemplate } from './types.ts';

export interface KpiLine {
  metric: string;
  /** Share of the bonus, 0–1; the lines' weights add up to 1 */
  weight: number;
  /** Attainment (actual / plan) below which the line gives 0, e.g. 0.8 */
  threshold: number;
  /** Attainment at which the line stops growing, e.g. 1.2 */
  cap: number;
  mode?: 'linear' | 'stepped';
}

export interface KpiCoefficientsOptions {
  lines?: KpiLine[];
  currency?: string;
}

const DEFAULT_LINES: KpiLine[] = [
  { metric: 'won_amount', weight: 0.5, threshold: 0.8, cap: 1.2 },
  { metric: 'calls', weight: 0.3, threshold: 0.7, cap: 1.1 },
  { metric: 'conversion', weight: 0.2, threshold: 0.9, cap: 1.1, mode: 'stepped' },
];

export function kpiCoefficients(options: KpiCoefficientsOptions = {}): Rule {
  const { lines = DEFAULT_LINES, currency = 'RUB' } = options;
  const weighted = lines.map(({ metric, weight, threshold, cap, mode = 'linear' }) => [
    weight,
    {
      scale: [{ pct: [{ var: `kpi.${metric}.actual` }, { var: `kpi.${metric}.plan` }] }, threshold, 1, cap, mode],
    },
  ]);
  return { money: [{ '*': [{ var: 'employee.base_bonus' }, { weighted }] }, currency] };
}

export const kpiCoefficientsTemplate: KpiCardTemplate = {
  id: 'kpi-coefficients',
  title: { en: 'KPI coefficients', ru: 'KPI-коэффициенты' },
  description: {
    en: 'A base bonus × Σ weight × achievement. Each KPI line has a weight, a threshold (below it the line gives 0), the plan (coefficient 1) and a cap.',
    ru: 'Базовая премия × Σ вес × выполнение. У каждой строки KPI есть вес, порог (ниже него строка даёт 0), план (коэффициент 1) и максимум.',
  },
  metrics: DEFAULT_LINES.map((line) => line.metric),
  rule: kpiCoefficients(),
  example: {
    context: {
      employee: { id: 'e-17', base_bonus: '60000.00' },
      kpi: {
        won_amount: { actual: 2_750_000, plan: 2_500_000 },
        calls: { actual: 380, plan: 400 },
        conversion: { actual: 0.21, plan: 0.25 },
      },
    },
    // won 1.1 × 0.5 + calls 0.95 × 0.3 + conversion 0.84 < 0.9 → 0 × 0.2 = 0.835 → 60,000 × 0.835
    payout: '50100.00',
  },
};
