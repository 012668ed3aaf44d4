import { describe, expect, it } from 'vitest';
import { byNewest, canAcknowledge, canResolve, parseAlertFilter } from './alert-list.ts';

describe('parseAlertFilter', () => {
  it('reads status, severity and employee from the URL, dropping unknown values', () => {
    expect(parseAlertFilter(new URLSearchParams('status=open&severity=critical&employee=e1'))).toEqual({
      status: 'open',
      severity: 'critical',
      employee: 'e1',
    });
    expect(parseAlertFilter(new URLSearchParams('status=closed&severity=loud&employee='))).toEqual({});
  });
});

describe('alert actions', () => {
  it('acknowledges open alerts only and resolves any not yet resolved', () => {
    expect(['open', 'acknowledged', 'resolved'].map((status) => canAcknowledge({ status } as never))).toEqual([
      true,
      false,
      false,
    ]);
    expect(['open', 'acknowledged', 'resolved'].map((status) => canResolve({ status } as never))).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('byNewest', () => {
  it('orders newest first', () => {
    const items = [{ createdAt: '2026-11-01T00:00:00Z' }, { createdAt: '2026-11-02T00:00:00Z' }];
    expect(byNewest(items).map((i) => i.createdAt)).toEqual(['2026-11-02T00:00:00Z', '2026-11-01T00:00:00Z']);
  });
});
