import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SCHEME_DEFINITION } from '../../../../../engine/src/db/seed/demo-data.ts';
import type { MetricInfo } from '../../api/schemes.ts';
import type { SchemeDefinition } from '../../schemes/definition.ts';
import KpiCardEditor from './KpiCardEditor.svelte';

const metric = (key: string, en: string): MetricInfo =>
  ({ key, name: { en, ru: en }, unit: 'count' }) as unknown as MetricInfo;

const METRICS = [
  metric('won_amount', 'Won amount'),
  metric('deals_won', 'Deals won'),
  metric('calls', 'Calls'),
  metric('conversion', 'Conversion'),
];

function renderCard(readonly = false) {
  const props = $state({
    definition: structuredClone(DEMO_SCHEME_DEFINITION) as SchemeDefinition,
    metrics: METRICS,
    problems: [],
    readonly,
    payoutFromLines: true,
  });
  render(KpiCardEditor, { props });
  return props;
}

describe('KpiCardEditor', () => {
  afterEach(cleanup);

  it('stores a weight typed in percent as a fraction and says live what is left to 100%', async () => {
    const props = renderCard();
    const sum = screen.getByTestId('kpi-weight-sum');
    expect(sum.textContent).toContain('Weights add up to 100%');

    const weight = screen.getByLabelText('Weight of Won amount, %');
    await userEvent.clear(weight);
    await userEvent.type(weight, '35');
    expect(props.definition.kpis[0]?.weight).toBe(0.35);
    expect(sum.textContent).toContain('Weights add up to 85%: 15% left to assign');

    await userEvent.click(screen.getByRole('button', { name: 'Spread evenly' }));
    expect(props.definition.kpis.map((l) => l.weight)).toEqual([0.3333, 0.3333, 0.3334]);
    expect(sum.textContent).toContain('Weights add up to 100%');
  });

  it('keeps what the user types while it is not a percent yet, and marks it', async () => {
    const props = renderCard();
    const cap = screen.getByLabelText('Cap of Calls, % of plan');
    await userEvent.clear(cap);
    await userEvent.type(cap, 'abc');
    expect((cap as HTMLInputElement).value).toBe('abc');
    expect(cap.getAttribute('aria-invalid')).toBe('true');
    expect(props.definition.kpis[2]?.cap).toBe(1.1);
  });

  it('adds a line for a metric not yet on the card and removes one', async () => {
    const props = renderCard();
    await userEvent.click(screen.getByRole('button', { name: 'Remove the line Deals won' }));
    expect(props.definition.kpis.map((l) => l.metric)).toEqual(['won_amount', 'calls']);
    await userEvent.click(screen.getByRole('button', { name: 'Add a line' }));
    // the new line takes the first unused metric and the weight left over
    expect(props.definition.kpis[2]).toMatchObject({ metric: 'deals_won', weight: 0.2 });
  });

  it('shows a published card without ways to change it', () => {
    renderCard(true);
    expect(screen.queryByRole('button', { name: 'Add a line' })).toBeNull();
    expect(screen.getByLabelText('Weight of Won amount, %').hasAttribute('readonly')).toBe(true);
  });
});
