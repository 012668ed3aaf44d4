import { describe, expect, it } from 'vitest';
import type { Delivery } from '../api/types.ts';
import { appendPage, needsAttention, parseDeliveryStatus } from './delivery-log.ts';

function delivery(id: string, receivedAt: string, patch: Partial<Delivery> = {}): Delivery {
  return {
    id,
    status: 'accepted',
    deliveryKey: null,
    duplicateOf: null,
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
  it('shows the next page after what is shown and keeps the engine’s cursor, null at the end', () => {
    const first = { items: [delivery('a', '2026-12-03T10:00:01.000Z')], next: 'cursor-1' };
    const second = { items: [delivery('b', '2026-12-03T10:00:01.000Z')], next: null };
    expect(appendPage(first, second)).toEqual({ items: [...first.items, ...second.items], next: null });
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
