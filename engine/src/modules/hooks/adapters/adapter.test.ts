import { describe, expect, it } from 'vitest';
import {
  applyDealObservation,
  type DealObservation,
  type DealState,
  decimalString,
  requireContentType,
  toDate,
} from './adapter.ts';
import { crmAdapters } from './index.ts';
import { delivery } from './testing.ts';

const obs = (stage: string, outcome: DealObservation['outcome'], at: string, owner = 'u1'): DealObservation => ({
  id: '7',
  stage,
  pipeline: 'p',
  outcome,
  at: new Date(at),
  moved: true,
  owner,
  amount: '10',
  currency: 'EUR',
  attributes: {},
});

function replay(observations: DealObservation[]) {
  let state: DealState | null = null;
  const keys: string[] = [];
  for (const o of observations) {
    const result = applyDealObservation(state, o);
    keys.push(...result.events.map((e) => e.externalId));
    state = result.state;
  }
  return { keys, state };
}

describe('applyDealObservation', () => {
  const a = obs('NEW', 'open', '2025-01-01T00:00:00Z');
  const b = obs('OFFER', 'open', '2025-01-02T00:00:00Z');
  const won = obs('WON', 'won', '2025-01-03T00:00:00Z');

  it('reports each transition once, keyed by deal, transition and time', () => {
    expect(replay([a, b, won, won, b]).keys).toEqual([
      'deal:7:stage:NEW:2025-01-01T00:00:00.000Z',
      'deal:7:stage:OFFER:2025-01-02T00:00:00.000Z',
      'deal:7:won:2025-01-03T00:00:00.000Z',
      // the late OFFER read repeats its own key: the event table's unique key makes it a no-op
      'deal:7:stage:OFFER:2025-01-02T00:00:00.000Z',
    ]);
  });

  it('every arrival order of the same observations yields the same keys and final state', () => {
    const orders = [
      [a, b, won],
      [won, b, a],
      [b, won, a],
      [a, won, b],
    ];
    const results = orders.map((order) => replay(order));
    for (const result of results) {
      expect(new Set(result.keys)).toEqual(new Set(results[0]?.keys));
      expect(result.state).toEqual(results[0]?.state);
    }
  });

  it('a win after a loss, a reopen, and a win after a reopen', () => {
    const lost = obs('LOSE', 'lost', '2025-01-04T00:00:00Z');
    const reopen = obs('OFFER', 'open', '2025-01-05T00:00:00Z');
    const rewon = obs('WON', 'won', '2025-01-06T00:00:00Z');
    expect(replay([won, lost, reopen, rewon]).keys).toEqual([
      'deal:7:won:2025-01-03T00:00:00.000Z',
      'deal:7:lost:2025-01-04T00:00:00.000Z',
      'deal:7:reopened:2025-01-05T00:00:00.000Z',
      'deal:7:won:2025-01-06T00:00:00.000Z',
    ]);
  });

  it('attributes to the owner at the time and reports owner changes once', () => {
    const reassigned = { ...b, owner: 'u2', ownerAt: new Date('2025-01-02T12:00:00Z') };
    const { state, keys } = replay([a, reassigned, { ...won, owner: 'u2' }]);
    expect(keys).toContain('deal:7:owner:u2:2025-01-02T12:00:00.000Z');
    expect(state?.owner).toBe('u2');
    // a stale read naming the old owner does not move attribution back
    const stale = applyDealObservation(state, { ...a, owner: 'u1' });
    expect(stale.state.owner).toBe('u2');
    expect(stale.events.map((e) => e.type)).toEqual(['deal.stage_changed']);
  });
});

describe('shared helpers', () => {
  it('reads times in the CRM formats', () => {
    expect(toDate('1736405807')?.toISOString()).toBe('2025-01-09T06:56:47.000Z');
    expect(toDate(1736409407123)?.toISOString()).toBe('2025-01-09T07:56:47.123Z');
    expect(toDate('2024-09-09T11:02:13+02:00')?.toISOString()).toBe('2024-09-09T09:02:13.000Z');
    expect(toDate('2025-01-09 08:10:07')?.toISOString()).toBe('2025-01-09T08:10:07.000Z');
    expect(toDate('soon')).toBeNull();
    expect(toDate('')).toBeNull();
  });

  it('turns CRM amounts into decimal strings without float noise', () => {
    expect(decimalString(1750.5)).toBe('1750.5');
    expect(decimalString(99.99)).toBe('99.99');
    expect(decimalString(1e21)).toBe('1000000000000000000000');
    expect(decimalString('1000000.00')).toBe('1000000.00');
    expect(decimalString('12,5')).toBeNull();
    expect(decimalString(null)).toBeNull();
  });

  it('accepts a content type with parameters and refuses another one', () => {
    expect(() =>
      requireContentType(
        delivery('', { headers: { 'Content-Type': 'application/json; charset=utf-8' } }),
        'application/json',
      ),
    ).not.toThrow();
    expect(() => requireContentType(delivery(''), 'application/json')).toThrow(
      expect.objectContaining({ status: 415 }),
    );
  });

  it('has an adapter for every CRM kind', () => {
    expect(Object.entries(crmAdapters).map(([kind, adapter]) => [kind, adapter.kind])).toEqual([
      ['bitrix24', 'bitrix24'],
      ['amocrm', 'amocrm'],
      ['hubspot', 'hubspot'],
      ['pipedrive', 'pipedrive'],
      ['twenty', 'twenty'],
    ]);
  });
});
