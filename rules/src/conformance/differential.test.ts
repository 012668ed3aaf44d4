// Differential property tests: on random rules over json-logic-js's operations and random data,
// every evaluation path of ours gives exactly what json-logic-js 2.0.5 gives.

import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { compile, evaluate, explain, RuleError, validate } from '../index.ts';
import { coreRule, jsonData } from './arbitraries.ts';

const RUNS = 10_000;

/** Same value, NaN equal to NaN (isDeepStrictEqual already treats NaN so, and -0 apart from 0). */
const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);

function reference(rule: unknown, data: unknown): { value: unknown } | { error: unknown } {
  try {
    return { value: jsonLogic.apply(rule as never, data) };
  } catch (error) {
    return { error };
  }
}

describe('agreement with json-logic-js 2.0.5', () => {
  it('generated rules are valid for our validator', () => {
    fc.assert(
      fc.property(coreRule(), (rule) => {
        const result = validate(rule);
        if (!result.ok) throw new Error(`${JSON.stringify(rule)}: ${JSON.stringify(result.problems)}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('compiled rules give the same value on the same data', () => {
    let compared = 0;
    fc.assert(
      fc.property(coreRule(), jsonData, (rule, data) => {
        const expected = reference(rule, data);
        const compiled = compile(rule);
        if ('error' in expected) {
          // json-logic-js throws a TypeError on some data (e.g. a key list whose item is itself a
          // rule, which it would run as code); we never run data and give a value, or a RuleError.
          try {
            compiled.run(data);
          } catch (error) {
            expect(error).toBeInstanceOf(RuleError);
          }
          return;
        }
        compared++;
        const got = compiled.run(data);
        if (!same(got, expected.value)) {
          throw new Error(
            `${JSON.stringify(rule)} on ${JSON.stringify(data)}: got ${String(got)} ${JSON.stringify(got)}, json-logic-js ${String(expected.value)} ${JSON.stringify(expected.value)}`,
          );
        }
      }),
      { numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS * 0.9);
  });

  it('and/or over comparisons with constants agree', () => {
    const test = fc
      .tuple(
        fc.constantFrom('==', '!=', '===', '!==', '>', '>=', '<', '<=', 'in'),
        fc.constantFrom('a', 'b', 'a.b', 'c.0', ''),
        fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom('0', '1', 'a', '', '2.5')),
      )
      .map(([op, path, c]) => ({ [op]: [{ var: path }, op === 'in' ? [c, 1, 'a', null] : c] }));
    const rule = fc
      .tuple(fc.constantFrom('and', 'or'), fc.array(test, { minLength: 2, maxLength: 4 }))
      .map(([op, tests]) => ({ [op]: tests }));
    fc.assert(
      fc.property(rule, jsonData, (r, data) => {
        const expected = reference(r, data);
        if ('error' in expected) return;
        expect(same(compile(r).run(data), expected.value)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('evaluate() and explain() agree with the compiled rule', () => {
    fc.assert(
      fc.property(coreRule(3), jsonData, (rule, data) => {
        const compiled = compile(rule).run(data);
        expect(same(evaluate(rule, data), compiled)).toBe(true);
        const traced = explain(rule, data);
        const value = typeof compiled === 'number' && !Number.isFinite(compiled) ? null : compiled;
        expect(same(traced.value, value === undefined ? null : value)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});
