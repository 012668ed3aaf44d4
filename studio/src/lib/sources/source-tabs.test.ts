import { describe, expect, it } from 'vitest';
import { parseTab, tabsFor } from './source-tabs.ts';

describe('source tabs', () => {
  it('offers the mapping editor to generic sources only', () => {
    expect(tabsFor('generic')).toContain('mapping');
    expect(tabsFor('bitrix24')).not.toContain('mapping');
  });

  it('falls back to the delivery log for a tab the source does not have', () => {
    expect(parseTab('users', 'hubspot')).toBe('users');
    expect(parseTab('mapping', 'hubspot')).toBe('deliveries');
    expect(parseTab(null, 'generic')).toBe('deliveries');
  });
});
