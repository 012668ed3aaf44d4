// Which filters compile to SQL, what they compile to, and which fall back to the streaming pass.
import { describe, expect, it } from 'vitest';
import { compileFilterToSql, streamingFilter, validateFilter } from './event-filter.ts';

const sqlite = { dialect: 'sqlite' as const, currency: 'RUB' };
const postgres = { dialect: 'postgresql' as const, currency: 'RUB' };

describe('metric event filters', () => {
  it('compile the common subset to a parameterized condition, amounts in minor units', () => {
    expect(compileFilterToSql({ '==': [{ var: 'type' }, 'deal.won'] }, sqlite)).toEqual({
      sql: 'e.type = ?',
      params: ['deal.won'],
    });
    const amount = compileFilterToSql(
      { and: [{ '>=': [{ var: 'amount' }, 100000.5] }, { in: [{ var: 'type' }, ['a', 'b']] }] },
      postgres,
    );
    expect(amount?.params).toEqual(['10000050', 'a', 'b']);
    expect(amount?.sql).toContain('coalesce(e.amount_minor, 0) >= ?::bigint');
    // a literal on the left is turned around
    expect(compileFilterToSql({ '<': [5, { var: 'attributes.score' }] }, sqlite)?.sql).toContain('> ?');
    expect(compileFilterToSql(null, sqlite)).toEqual({ sql: '1 = 1', params: [] });
  });

  it('leave the rest to the streaming pass, which evaluates with @yardstick/rules', () => {
    const prefix = { '==': [{ substr: [{ var: 'type' }, 0, 4] }, 'deal'] };
    expect(compileFilterToSql(prefix, sqlite)).toBeUndefined();
    expect(compileFilterToSql({ '==': [{ var: 'attributes.vip' }, true] }, sqlite)).toBeUndefined();
    // more decimals than the currency has cannot be compared exactly in minor units
    expect(compileFilterToSql({ '>': [{ var: 'amount' }, 0.001] }, sqlite)).toBeUndefined();
    const test = streamingFilter(prefix);
    const event = {
      type: 'deal.won',
      externalId: 'x',
      amount: null,
      currency: null,
      occurredAt: '2026-11-02T00:00:00.000Z',
      attributes: {},
    };
    expect(test(event)).toBe(true);
    expect(test({ ...event, type: 'call.completed' })).toBe(false);
  });

  it('name variables an event does not have', () => {
    expect(validateFilter({ '==': [{ var: 'stage' }, 'won'] })).toEqual([
      expect.objectContaining({ path: '/==/0/var', code: 'filter.unknown_field' }),
    ]);
    expect(validateFilter({ '==': [{ var: 'attributes.stage' }, 'won'] })).toEqual([]);
    expect(validateFilter({ frobnicate: [1] })[0]?.code).toBe('rule.unknown_operation');
  });
});
