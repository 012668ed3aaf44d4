import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { kpiCoefficients } from '@yardstick/rules';
import { evaluateSchemeForEmployee, type SchemeDefinition } from '@yardstick/workflows/evaluation';
import { afterEach, describe, expect, it } from 'vitest';
import { locale } from '../../i18n/i18n.svelte.ts';
import type { TraceMetric } from '../../progress/trace-tree.ts';
import TraceTree from './TraceTree.svelte';

const lines = [
  { metric: 'won_amount', weight: 0.5, threshold: 0.8, cap: 1.2 },
  { metric: 'calls', weight: 0.5, threshold: 0.7, cap: 1.1 },
];
const definition = {
  scope: { departments: [], roles: [], employees: [] },
  periodKind: 'month',
  alertRules: [],
  kpis: lines,
  payout: kpiCoefficients({ lines, currency: 'RUB' }),
  currency: 'RUB',
} as unknown as SchemeDefinition;
const { trace } = evaluateSchemeForEmployee(definition, {
  employee: { base_bonus: '60000.00' },
  kpi: { won_amount: { actual: 1_840_000, plan: 2_500_000 }, calls: { actual: 100, plan: 120 } },
});
const metrics = new Map<string, TraceMetric>([
  ['won_amount', { name: { en: 'Won deals, amount', ru: 'Сумма выигранных сделок' }, unit: 'money' }],
  ['calls', { name: { en: 'Calls made', ru: 'Звонки' }, unit: 'count' }],
]);

describe('TraceTree', () => {
  afterEach(() => locale.set('en'));

  it('opens at the KPI lines, unfolds their inputs on demand and follows the language', async () => {
    locale.set('en');
    if (!trace) throw new Error('no trace');
    render(TraceTree, { trace, currency: 'RUB', metrics, label: 'How the amount was computed' });
    const tree = screen.getByRole('list', { name: 'How the amount was computed' });
    expect(tree.textContent).toContain('Bonus: ₽25,000.00');
    const won = within(tree).getByText(
      'Won deals, amount: ₽1,840,000 of plan ₽2,500,000 = 73.6% → below the 80% threshold → coefficient 0',
    );
    expect(tree.textContent).not.toContain('Won deals, amount, plan: ₽2,500,000');

    const line = won.closest('[data-testid="trace-line"]') as HTMLElement;
    const toggle = within(line).getByRole('button', { name: 'Show or hide the steps under this one' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(tree.textContent).toContain('Won deals, amount, plan: ₽2,500,000');

    await userEvent.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(tree.textContent).toContain('Calls made, actual: 100');
    await userEvent.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(tree.textContent).not.toContain('Calls made:');
    await userEvent.click(screen.getByRole('button', { name: 'Expand all' }));

    locale.set('ru');
    await Promise.resolve();
    expect(tree.textContent?.replace(/[\u00a0\u202f]/g, ' ')).toContain('Звонки: 100 из плана 120 = 83,3 %');
  });
});
