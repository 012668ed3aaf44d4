import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { locale } from '../../i18n/i18n.svelte.ts';
import LocaleSwitch from './LocaleSwitch.svelte';

describe('LocaleSwitch', () => {
  afterEach(() => locale.set('en'));

  it('switches to Russian by keyboard, marks the pressed language and remembers the choice', async () => {
    locale.set('en');
    render(LocaleSwitch);
    const russian = screen.getByRole('button', { name: 'RU' });
    expect(russian.getAttribute('aria-pressed')).toBe('false');

    russian.focus();
    await userEvent.keyboard('{Enter}');

    expect(russian.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'EN' }).getAttribute('aria-pressed')).toBe('false');
    expect(localStorage.getItem('yardstick.locale')).toBe('ru');
  });
});
