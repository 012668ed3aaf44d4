import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { locale } from '../../i18n/i18n.svelte.ts';
import FilterField from './FilterField.svelte';

describe('FilterField', () => {
  it('switches between every event (no filter) and the built condition, and lists the engine’s problems by pointer', async () => {
    locale.set('en');
    let value: unknown = { '==': [{ var: 'type' }, 'deal.won'] };
    const props = $state({
      get value() {
        return value;
      },
      set value(next: unknown) {
        value = next;
      },
      attributeKeys: ['pipeline'],
      problems: [{ path: '/==/0', message: 'An event has no "stage"' }],
    });
    render(FilterField, props);

    expect(screen.getByTestId('rule-builder')).toBeTruthy();
    expect(screen.getByTestId('metric-filter-problems').textContent).toContain('/==/0');

    const everyEvent = screen.getByRole('checkbox', { name: 'Count every event (no filter)' });
    await userEvent.click(everyEvent);
    expect(value).toBeNull();
    expect(screen.queryByTestId('rule-builder')).toBeNull();

    await userEvent.click(everyEvent);
    expect(value).toEqual({ '==': [{ var: 'type' }, 'deal.won'] });
  });
});
