import { describe, expect, it } from 'vitest';
import { compile, evaluate, RuleError, validate } from './index.ts';

describe('rules API', () => {
  it('fires a big-loss alert rule only for deals of 100,000 or more', () => {
    const rule = { and: [{ '==': [{ var: 'event.type' }, 'deal.lost'] }, { '>=': [{ var: 'event.amount' }, 100000] }] };
    expect(evaluate(rule, { event: { type: 'deal.lost', amount: 250000 } })).toBe(true);
    expect(evaluate(rule, { event: { type: 'deal.lost', amount: 99999 } })).toBe(false);
    expect(evaluate(rule, { event: { type: 'deal.won', amount: 250000 } })).toBe(false);
  });

  it('names an unknown operation with its JSON pointer in both languages', () => {
    const result = validate({ and: [{ frobnicate: [1] }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ path: '/and/0/frobnicate', code: 'rule.unknown_operation' });
    expect(result.problems[0]?.message.ru).toContain('frobnicate');
    expect(() => compile({ frobnicate: [] })).toThrow(RuleError);
  });
});
