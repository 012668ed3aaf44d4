import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { locale } from '../../i18n/i18n.svelte.ts';
import Delta from './Delta.svelte';

describe('Delta', () => {
  afterEach(() => {
    cleanup();
    locale.set('en');
  });

  it('writes the sign, not only the colour, and says which way the cost goes', () => {
    locale.set('en');
    const { container } = render(Delta, { props: { amount: '1200.50', currency: 'RUB' } });
    const delta = container.querySelector('[data-delta]') as HTMLElement;
    expect(delta.dataset.delta).toBe('up');
    expect(delta.textContent).toContain('+₽1,200.50');
    expect(delta.getAttribute('title')).toBe('Costs more than what was paid');
  });

  it('shows a saving with a minus, and a missing difference as a dash with its reason', () => {
    locale.set('ru');
    const { container } = render(Delta, { props: { amount: '-85.71', currency: 'RUB' } });
    expect((container.querySelector('[data-delta]') as HTMLElement).dataset.delta).toBe('down');
    expect(container.textContent?.replace(/\s/g, ' ')).toContain('-85,71 ₽');
    cleanup();
    render(Delta, { props: { amount: null, currency: 'RUB' } });
    expect(screen.getByText('Разницы нет: у одной из сторон нет выплаты')).toBeTruthy();
  });
});
