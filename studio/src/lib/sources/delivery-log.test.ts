import { describe, expect, it } from 'vitest';
import type { Delivery } from '../api/types.ts';
import { appendPage, needsAttention, nextCursor, parseDeliveryStatus } from './delivery-log.ts';

function delivery(id: string, receivedAt: string, patch: Partial<Delivery> = {}): Delivery {
  return {
    id,
    status: 'accepted',
    deliveryKey: null,
    error: null,
    contentType: 'application/json',
    receivedAt,
    events: 1,
    skipped: [],
    enrichments: [],
    ...patch,
  };
}

describe('delivery log paging', () => {
  const page1 = [
    delivery('a', '2026-12-03T10:00:03.000Z'),
    delivery('b', '2026-12-03T10:00:02.000Z'),
    delivery('c', '2026-12-03T10:00:01.000Z'),
  ];

  it('ends when a page is not full', () => {
    expect(nextCursor(page1, 5)).toBeNull();
    expect(appendPage({ items: [], next: null }, page1, 5)).toEqual({ items: page1, next: null });
  });

  it('asks for the next page just after the last receipt time, so deliveries sharing it are not lost', () => {
    expect(nextCursor(page1, 3)).toBe('2026-12-03T10:00:01.001Z');
    // the next page repeats `c` (same millisecond) and brings `d`, which shares it
    const page2 = [delivery('c', '2026-12-03T10:00:01.000Z'), delivery('d', '2026-12-03T10:00:01.000Z')];
    const shown = appendPage({ items: page1, next: '2026-12-03T10:00:01.001Z' }, page2, 3);
    expect(shown.items.map((d) => d.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(shown.next).toBeNull();
  });

  it('moves past a millisecond that holds more deliveries than a page instead of looping', () => {
    const same = [delivery('x', '2026-12-03T09:00:00.000Z'), delivery('y', '2026-12-03T09:00:00.000Z')];
    const shown = appendPage({ items: same, next: '2026-12-03T09:00:00.001Z' }, same, 2);
    expect(shown).toEqual({ items: same, next: '2026-12-03T09:00:00.000Z' });
  });
});

describe('delivery log filter', () => {
  it('accepts only the statuses the engine knows', () => {
    expect(parseDeliveryStatus('test')).toBe('test');
    expect(parseDeliveryStatus('duplicate')).toBe('duplicate');
    expect(parseDeliveryStatus('bogus')).toBeUndefined();
    expect(parseDeliveryStatus(null)).toBeUndefined();
  });

  it('flags rejected deliveries and re-reads that gave up', () => {
    expect(needsAttention(delivery('r', '2026-12-03T10:00:00Z', { status: 'rejected' }))).toBe(true);
    const failed = {
      id: 'e1',
      object: 'deal',
      objectId: '42',
      status: 'failed' as const,
      attempts: 8,
      nextAttemptAt: null,
      lastError: { code: 'crm.unavailable', message: '503', retryable: true },
      updatedAt: '2026-12-03T10:00:00Z',
    };
    expect(needsAttention(delivery('f', '2026-12-03T10:00:00Z', { enrichments: [failed] }))).toBe(true);
    expect(
      needsAttention(delivery('p', '2026-12-03T10:00:00Z', { enrichments: [{ ...failed, status: 'pending' }] })),
    ).toBe(false);
  });
});
