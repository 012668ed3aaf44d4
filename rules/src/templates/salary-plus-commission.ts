// «Оклад + % от продаж»: salary plus a share of sales, the share stepping up with plan attainment.
import type { Rule } from '../types.ts';
import type { KpiCardTemplate } from './types.ts';

export interface SalaryPlusCommissionOptions {
  /** The sales metric (kpi.<metric>.actual / .plan) */
  metric?: string;
  /** [attainment from, commission rate] rows, ascending */
  rates?: [number, number][];
  currency?: string;
}

export function salaryPlusCommission(options: SalaryPlusCommissionOptions = {}): Rule {
  const {
    metric = 'sales',
    rates = [
      [0, 0.03],
      [0.8, 0.05],
      [1, 0.07],
    ],
    currency = 'RUB',
  } = options;
  const actual = { var: `kpi.${metric}.actual` };
  return {
    money: [
      {
        '+': [
          { var: 'employee.salary' },
          { '*': [actual, { tier: [{ pct: [actual, { var: `kpi.${metric}.plan` }] }, rates] }] },
        ],
      },
      currency,
    ],
  };
}

export const salaryPlusCommissionTemplate: KpiCardTemplate = {
  id: 'salary-plus-commission',
  title: { en: 'Salary + % of sales', ru: 'Оклад + % от продаж' },
  description: {
    en: 'The salary plus a commission on sales: 3% below 80% of plan, 5% from 80%, 7% from 100%. Exact to the kopeck.',
    ru: 'Оклад плюс процент от продаж: 3% ниже 80% плана, 5% от 80%, 7% от 100%. Точно до копейки.',
  },
  metrics: ['sales'],
  rule: salaryPlusCommission(),
  example: {
    context: {
      employee: { id: 'e-17', salary: '45000.00' },
      kpi: { sales: { actual: 1_840_000.5, plan: 2_000_000 } },
    },
    // 1,840,000.50 is 92% of plan → 5%: 45,000.00 + 92,000.025 → 137,000.03 (half-up)
    payout: '137000.03',
  },
};
