import { describe, expect, it } from 'vitest';
import {
  clawbackAmount,
  clawbackCause,
  clawbackWindow,
  dealOf,
  reversalsIn,
  reversalTypes,
  withinClawbackWindow,
} from './clawback.ts';

const event = (id: string, type: string, attributes: Record<string, unknown>, occurredAt = '2026-11-10T10:00:00Z') => ({
  id,
  sourceId: 'crm',
  type,
  occurredAt,
  attributes,
});

describe('which events claw back', () => {
  it('names the deal as the CRM adapters do, a string or a number', () => {
    expect(dealOf({ dealId: '759' })).toBe('759');
    expect(dealOf({ dealId: 759 })).toBe('759');
    expect(dealOf({ dealId: '' })).toBeNull();
    expect(dealOf({ deal: '759' })).toBeNull();
    expect(dealOf({})).toBeNull();
    expect(dealOf(null)).toBeNull();
  });

  it('takes lost, reopened and refunded deals by default, or the types the scheme lists', () => {
    expect(reversalTypes({ windowDays: 30 })).toEqual(['deal.lost', 'deal.reopened', 'deal.refunded']);
    expect(reversalTypes({ windowDays: 30, events: [] })).toEqual(['deal.lost', 'deal.reopened', 'deal.refunded']);
    expect(reversalTypes({ windowDays: 30, events: ['deal.refunded'] })).toEqual(['deal.refunded']);
  });

  it('keeps the reversals of deals, per scheme version with a clawback policy', () => {
    const events = [
      event('e1', 'deal.lost', { dealId: 'D1' }),
      event('e2', 'deal.won', { dealId: 'D2' }),
      event('e3', 'deal.lost', {}),
      event('e4', 'deal.refunded', { dealId: 42 }),
    ];
    const reversals = reversalsIn(
      [
        { schemeVersionId: 'v-default', clawback: { windowDays: 30 } },
        { schemeVersionId: 'v-refunds', clawback: { windowDays: 90, events: ['deal.refunded'] } },
        { schemeVersionId: 'v-none' },
        { schemeVersionId: 'v-null', clawback: null },
      ],
      events,
    );
    expect(reversals.map((r) => [r.schemeVersionId, r.eventId, r.deal, r.type])).toEqual([
      ['v-default', 'e1', 'D1', 'deal.lost'],
      ['v-default', 'e4', '42', 'deal.refunded'],
      ['v-refunds', 'e4', '42', 'deal.refunded'],
    ]);
    expect(reversals[0]).toEqual({
      schemeVersionId: 'v-default',
      eventId: 'e1',
      sourceId: 'crm',
      deal: 'D1',
      type: 'deal.lost',
      occurredAt: '2026-11-10T10:00:00Z',
    });
  });
});

describe('the clawback window', () => {
  const lostAt = new Date('2026-11-10T10:00:00Z');

  it('reaches back windowDays from the reversal, both ends included', () => {
    expect(clawbackWindow(lostAt, 30)).toEqual({ from: new Date('2026-10-11T10:00:00Z'), to: lostAt });
    expect(withinClawbackWindow(new Date('2026-10-11T10:00:00Z'), lostAt, 30)).toBe(true);
    expect(withinClawbackWindow(new Date('2026-10-11T09:59:59.999Z'), lostAt, 30)).toBe(false);
    expect(withinClawbackWindow(lostAt, lostAt, 30)).toBe(true);
  });

  it('never claws back a win that came after the reversal', () => {
    expect(withinClawbackWindow(new Date('2026-11-10T10:00:00.001Z'), lostAt, 30)).toBe(false);
  });
});

describe('the clawback line', () => {
  it('takes back the difference only when the recomputed payout is lower than what was paid', () => {
    expect(clawbackAmount(0n, 3_600_000n)).toBe(-3_600_000n);
    expect(clawbackAmount(1_000_000n, 3_600_000n)).toBe(-2_600_000n);
    expect(clawbackAmount(3_600_000n, 3_600_000n)).toBeNull();
    expect(clawbackAmount(4_000_000n, 3_600_000n)).toBeNull();
  });

  it('is caused by the deal and the period it was paid in, within the 128 characters a cause has', () => {
    expect(clawbackCause('759', '2026-10')).toBe('clawback:759:2026-10');
    const long = clawbackCause('x'.repeat(200), '2026-10');
    expect(long).toMatch(/^clawback:#[0-9a-f]{8}:2026-10$/);
    expect(clawbackCause('x'.repeat(200), '2026-10')).toBe(long);
    expect(clawbackCause('y'.repeat(200), '2026-10')).not.toBe(long);
  });
});
