// A `var` of a written path tested against written constants compiles to one generated read site
// (lookup-sites.generated.ts); explain() compiles the same rule without that fusion, node by node.
// On random paths, constants and data, both must give the same value, and json-logic-js agrees on
// the operations it has.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { compile, explain } from './index.ts';

const KEYS = ['a', 'b', 'c', '0', 'length'] as const;

const leaf = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(-0, 0.5, 0.8, 1, 1.2, 2.5, 1e21, -1e-7, 2 ** 53),
  fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('', '0', '1', '0.8', '1.2', '-1', 'a', 'b', 'sales', '1e3', ' 2 ', 'null'),
  fc.boolean(),
  fc.constant(null),
);

const data: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4 }),
})).value;

const path = fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 5 }).map((keys) => keys.join('.'));
const read = fc.oneof(
  path.map((p) => ({ var: p })),
  fc.tuple(path, leaf).map(([p, d]) => ({ var: [p, d] })),
);
const literal = fc.oneof(leaf, leaf);

const comparison = fc
  .tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!=', '===', '!=='), read, literal, fc.boolean())
  .map(([op, r, c, flipped]) => ({ [op]: flipped ? [c, r] : [r, c] }));
const membership = fc
  .tuple(read, fc.array(fc.oneof(leaf, fc.constantFrom('sales', 'lead', 'a')), { maxLength: 12 }))
  .map(([r, list]) => ({ in: [r, list] }));

// Points from the values the data holds, so that reads land exactly on them as well as between.
const POINTS = [-1, 0, 0.5, 0.8, 1, 1.2, 2.5];
const ascending = (n: number) =>
  fc.shuffledSubarray(POINTS, { minLength: n, maxLength: n }).map((xs) => xs.sort((x, y) => x - y));
const kpi = fc.oneof(
  fc
    .tuple(read, fc.constantFrom(0, 0.5, 0.8, 1), fc.constantFrom(1, 1.2, 2.5))
    .map(([r, threshold, cap]) => ({ scale: [r, threshold, 1, cap] })),
  fc
    .tuple(
      read,
      ascending(4),
      fc.array(fc.oneof(leaf, fc.constantFrom('gold', 'silver')), { minLength: 4, maxLength: 4 }),
    )
    .map(([r, bounds, results]) => ({ tier: [r, bounds.map((b, i) => [b, results[i]])] })),
  fc.tuple(read, ascending(2)).map(([r, [lo, hi]]) => ({ clamp: [r, lo, hi] })),
);

/** explain() writes NaN, ±Infinity and undefined as null; a run returns them as they are. */
const asTraced = (value: unknown) =>
  value === undefined || (typeof value === 'number' && !Number.isFinite(value)) ? null : value;

/** json-logic-js's value, or undefined where it throws (objects without a prototype, for one). */
function reference(rule: unknown, context: unknown): { value: unknown } | undefined {
  try {
    return { value: jsonLogic.apply(rule as never, context) };
  } catch {
    return undefined;
  }
}

function agree(rule: unknown, context: unknown): void {
  const fused = compile(rule).run(context);
  const separate = explain(rule, context).value;
  if (!isDeepStrictEqual(asTraced(fused), separate)) {
    throw new Error(`${JSON.stringify(rule)} on ${JSON.stringify(context)}: ${String(fused)} ≠ ${String(separate)}`);
  }
}

describe('read sites', () => {
  it('comparisons and equality of a written path with a written constant', () => {
    fc.assert(
      fc.property(comparison, data, (rule, context) => {
        agree(rule, context);
        const expected = reference(rule, context);
        if (expected) expect(isDeepStrictEqual(compile(rule).run(context), expected.value)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('in a written list, short (indexOf) or long (a Set)', () => {
    fc.assert(
      fc.property(membership, data, (rule, context) => {
        agree(rule, context);
        const expected = reference(rule, context);
        if (expected) expect(compile(rule).run(context)).toBe(expected.value);
      }),
      { numRuns: 3000 },
    );
  });

  it('scale, tier and clamp with written points', () => {
    fc.assert(
      fc.property(kpi, data, (rule, context) => agree(rule, context)),
      { numRuns: 5000 },
    );
  });

  it('read numbers where they are, and -0 stays -0', () => {
    const context = { kpi: { won: { attainment: -0, plan: 0 } } };
    expect(Object.is(compile({ clamp: [{ var: 'kpi.won.attainment' }, -1, 1] }).run(context), -0)).toBe(true);
    expect(compile({ '==': [{ var: 'kpi.won.plan' }, '0'] }).run(context)).toBe(true);
    expect(compile({ '<': [{ var: 'kpi.won.missing' }, 0.5] }).run(context)).toBe(true);
  });
});
