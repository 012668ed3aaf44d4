import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { pastPeriods } from '../../backtests/periods.ts';
import PeriodPicker from './PeriodPicker.svelte';

const offered = pastPeriods('month', '2026-12-03');

describe('PeriodPicker', () => {
  afterEach(cleanup);

  it('quick-picks the latest months and counts the choice against the limit', async () => {
    render(PeriodPicker, { props: { offered, selected: [], id: 'p' } });
    await userEvent.click(screen.getByRole('button', { name: 'Latest 3' }));
    expect(screen.getByRole('checkbox', { name: 'November 2026' })).toHaveProperty('checked', true);
    expect(screen.getByRole('checkbox', { name: 'September 2026' })).toHaveProperty('checked', true);
    expect(screen.getByRole('checkbox', { name: 'August 2026' })).toHaveProperty('checked', false);
    expect(screen.getByText('3 of 24 selected')).toBeTruthy();

    await userEvent.click(screen.getByRole('checkbox', { name: 'October 2026' }));
    expect(screen.getByText('2 of 24 selected')).toBeTruthy();
  });

  it('lets no more than 24 be ticked, but a ticked one can be taken out', async () => {
    render(PeriodPicker, { props: { offered, selected: offered.slice(0, 24), id: 'p' } });
    const beyond = screen.getByRole('checkbox', { name: 'May 2024' });
    expect(beyond).toHaveProperty('disabled', true);
    const first = screen.getByRole('checkbox', { name: 'November 2026' });
    expect(first).toHaveProperty('disabled', false);
    await userEvent.click(first);
    expect(screen.getByText('23 of 24 selected')).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'May 2024' })).toHaveProperty('disabled', false);
  });
});
