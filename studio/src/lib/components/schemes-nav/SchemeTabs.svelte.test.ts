import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { locale } from '../../i18n/i18n.svelte.ts';
import SchemeTabs from './SchemeTabs.svelte';

describe('SchemeTabs', () => {
  afterEach(() => {
    cleanup();
    locale.set('en');
  });

  it('links the sub-pages of a scheme and marks the open one for screen readers', () => {
    locale.set('en');
    render(SchemeTabs, { props: { schemeId: 'sch 1', current: 'backtests' } });
    const nav = screen.getByRole('navigation', { name: 'Scheme sections' });
    const links = [...nav.querySelectorAll('a')];
    expect(links.map((a) => [a.textContent?.trim(), a.getAttribute('href')])).toEqual([
      ['Designer', '/schemes/sch%201'],
      ['Periods', '/schemes/sch%201/periods'],
      ['Backtests', '/schemes/sch%201/backtests'],
      ['Pilot', '/schemes/sch%201/pilot'],
    ]);
    expect(screen.getByRole('link', { name: 'Backtests' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Pilot' }).getAttribute('aria-current')).toBeNull();
  });

  it('speaks Russian', () => {
    locale.set('ru');
    render(SchemeTabs, { props: { schemeId: 's', current: 'pilot' } });
    expect(screen.getByRole('link', { name: 'Пилот' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Конструктор' })).toBeTruthy();
  });
});

describe('tabsFor', () => {
  it('offers a role only the sub-pages it may open', async () => {
    const { tabsFor } = await import('./scheme-tabs.ts');
    expect(tabsFor('hr')).toEqual(['designer', 'periods', 'backtests', 'pilot']);
    expect(tabsFor('manager')).toEqual(['designer', 'periods', 'pilot']);
    expect(tabsFor('viewer')).toEqual(['designer', 'periods']);
  });
});
