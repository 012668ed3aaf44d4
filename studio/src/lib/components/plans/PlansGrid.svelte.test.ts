import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { SvelteMap } from 'svelte/reactivity';
import { afterEach, describe, expect, it } from 'vitest';
import type { Metric } from '../../api/metrics.ts';
import { locale } from '../../i18n/i18n.svelte.ts';
import { storedCells } from '../../plans/plan-grid.ts';
import PlansGrid from './PlansGrid.svelte';

const metric = (key: string, unit: Metric['unit'], en: string): Metric => ({
  id: key,
  key,
  name: { en, ru: en },
  aggregation: 'count',
  field: null,
  filter: null,
  params: null,
  unit,
  direction: 'higher',
  thresholds: { onTrack: 1, atRisk: 0.8 },
  visibility: 'full',
  createdAt: '2026-10-01T00:00:00Z',
  updatedAt: '2026-10-01T00:00:00Z',
});

describe('PlansGrid', () => {
  afterEach(() => locale.set('en'));

  it('moves like a spreadsheet, edits in place, marks invalid cells and undoes with Escape', async () => {
    locale.set('en');
    const edits = new SvelteMap<string, string>();
    render(PlansGrid, {
      employees: [
        { id: 'e1', name: 'Olga', departmentId: 'd1' },
        { id: 'e2', name: 'Ivan', departmentId: 'd1' },
      ],
      metrics: [metric('won_amount', 'money', 'Won amount'), metric('deals_won', 'count', 'Won deals')],
      stored: storedCells([{ id: 'p1', metric: 'won_amount', scope: 'employee:e1', target: '2500000' }]),
      edits,
      departmentName: () => 'Sales',
      readonly: false,
    });
    const cell = (metricName: string, employee: string) =>
      screen.getByRole('textbox', { name: `${metricName} for ${employee}` }) as HTMLInputElement;

    expect(cell('Won amount', 'Olga').value).toBe('2,500,000');
    await userEvent.click(cell('Won amount', 'Olga'));
    expect(cell('Won amount', 'Olga').value).toBe('2500000');

    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(cell('Won amount', 'Ivan'));
    await userEvent.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(cell('Won deals', 'Ivan'));
    await userEvent.keyboard('8.5');
    expect(edits.get('e2|deals_won')).toBe('8.5');
    expect(cell('Won deals', 'Ivan').getAttribute('aria-invalid')).toBe('true');
    await userEvent.keyboard('{Escape}');
    expect(edits.has('e2|deals_won')).toBe(false);
    expect(cell('Won deals', 'Ivan').value).toBe('');

    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(document.activeElement).toBe(cell('Won amount', 'Ivan'));
    await userEvent.keyboard('{Shift>}{Enter}{/Shift}');
    expect(document.activeElement).toBe(cell('Won amount', 'Olga'));
  });
});
