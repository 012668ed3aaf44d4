// Fuzzing validate, compile and evaluate with random JSON: nothing throws an undocumented error,
// nothing hangs, no prototype is polluted.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { anyJson, coreRule, jsonData } from './conformance/arbitraries.ts';
import { compile, evaluate, explain, RuleError, references, validate } from './index.ts';

const DOCUMENTED = new Set(['rule.invalid', 'rule.thrown', 'rule.limit_exceeded']);

/** Data that tries to break coercions and lookups: prototype keys, toString/valueOf as data. */
const hostileData = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    jsonData,
    fc.constantFrom(
      JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}'),
      { toString: 1, valueOf: 'x', a: [1] },
      { constructor: { prototype: { polluted: 2 } } },
      [{ toString: null }],
      { indexOf: 3, length: 2 },
    ),
    fc.dictionary(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'a', 'b'),
      tie('value'),
      { maxKeys: 3 },
    ),
  ),
})).value;

function expectDocumented(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RuleError);
    expect(DOCUMENTED.has((error as RuleError).code), (error as RuleError).code).toBe(true);
  }
}

describe('fuzzing', () => {
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  afterAll(() => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toStrictEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Array.prototype)).not.toContain('polluted');
  });

  it('validate never throws on any JSON, and compile throws only RuleError(rule.invalid)', () => {
    fc.assert(
      fc.property(anyJson, (rule) => {
        const result = validate(rule, { catalog: ['won'] });
        expect(typeof result.ok).toBe('boolean');
        references(rule);
        try {
          compile(rule);
          expect(result.ok).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(RuleError);
          expect((error as RuleError).code).toBe('rule.invalid');
          expect(result.ok).toBe(false);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('evaluate and explain throw only documented errors, on any rule and hostile data', () => {
    fc.assert(
      fc.property(fc.oneof(anyJson, coreRule()), hostileData, (rule, data) => {
        expectDocumented(() => evaluate(rule, data));
        if (validate(rule).ok) expect(() => explain(rule, data)).not.toThrow();
      }),
      { numRuns: 5000 },
    );
  });

  it('does not hang: a doubling reduce stops at the size limit', () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    const started = performance.now();
    const doubling = { reduce: [{ var: 'items' }, { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]] };
    expect(() => evaluate(doubling, { items })).toThrow(expect.objectContaining({ code: 'rule.limit_exceeded' }));
    const text = { reduce: [{ var: 'items' }, { cat: [{ var: 'accumulator' }, { var: 'accumulator' }] }, 'ab'] };
    expect(() => evaluate(text, { items })).toThrow(expect.objectContaining({ code: 'rule.limit_exceeded' }));
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a context JavaScript cannot convert gives rule.evaluation_failed, not a TypeError', () => {
    const poisoned = { [Symbol.toPrimitive]: () => ({}) };
    class Box {
      valueOf() {
        return {};
      }
      toString() {
        return {};
      }
    }
    expect(() => evaluate({ '+': [{ var: 'x' }, 1] }, { x: new Box() })).toThrow(
      expect.objectContaining({ code: 'rule.evaluation_failed' }),
    );
    expect(evaluate({ '==': [{ var: 'x' }, 1] }, { x: poisoned })).toBe(false);
    // JSON objects whose keys are named like JavaScript's conversion methods convert like any object.
    expect(evaluate({ cat: [{ var: 'x' }, '!'] }, { x: { toString: 1 } })).toBe('[object Object]!');
    expect(evaluate({ '<': [{ var: 'x' }, 1] }, { x: { valueOf: 0 } })).toBe(false);
  });

  it('never reads a prototype, whatever path the data computes', () => {
    const dynamic = { var: { cat: [{ var: 'prefix' }, '.polluted'] } };
    expect(evaluate(dynamic, { prefix: '__proto__' })).toBeNull();
    expect(evaluate({ var: { var: 'p' } }, { p: 'constructor' })).toBeNull();
    expect(evaluate({ var: { var: 'p' } }, { p: 'a.toString', a: {} })).toBeNull();
    expect(evaluate({ val: { var: 'p' } }, { p: '__proto__' })).toBeNull();
    expect(evaluate({ missing: { var: 'keys' } }, { keys: ['constructor', 'hasOwnProperty'] })).toStrictEqual([
      'constructor',
      'hasOwnProperty',
    ]);
    expect(evaluate({ exists: { var: 'p' } }, { p: 'toString' })).toBe(false);
  });
});
