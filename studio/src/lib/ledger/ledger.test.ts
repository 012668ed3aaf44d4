import { describe, expect, it } from 'vitest';
import { bonusFilterSearch, parseBonusFilter } from './ledger-filter.ts';
import { totalsByCurrency } from './ledger-totals.ts';

describe('totalsByCurrency', () => {
  it('sums each currency apart, by status, payable being approved and exported', () => {
    const totals = totalsByCurrency([
      { amount: '63000.00', currency: 'RUB', status: 'approved' },
      { amount: '2500.00', currency: 'RUB', status: 'exported' },
      { amount: '-1000.00', currency: 'RUB', status: 'approved' },
      { amount: '22500.00', currency: 'RUB', status: 'proposed' },
      { amount: '100.10', currency: 'EUR', status: 'rejected' },
    ]);
    expect(totals).toEqual([
      {
        currency: 'EUR',
        payable: '0.00',
        byStatus: { proposed: '0.00', approved: '0.00', exported: '0.00', rejected: '100.10' },
        lines: 1,
      },
      {
        currency: 'RUB',
        payable: '64500.00',
        byStatus: { proposed: '22500.00', approved: '62000.00', exported: '2500.00', rejected: '0.00' },
        lines: 4,
      },
    ]);
  });
});

describe('the ledger filter in the URL', () => {
  it('reads back what it wrote', () => {
    const filter = { period: '2026-Q4', status: 'approved', kind: 'payout', department: 'd1' } as const;
    const search = bonusFilterSearch(filter);
    expect(search).toBe('?period=2026-Q4&status=approved&kind=payout&department=d1');
    expect(parseBonusFilter(new URLSearchParams(search))).toEqual(filter);
  });

  it('drops what the engine would refuse', () => {
    expect(parseBonusFilter(new URLSearchParams('period=September&status=paid&kind=&employee=e1'))).toEqual({
      employee: 'e1',
    });
    expect(parseBonusFilter(new URLSearchParams('period=2026-10-01..2026-10-15'))).toEqual({
      period: '2026-10-01..2026-10-15',
    });
    expect(bonusFilterSearch({})).toBe('');
  });
});
