// fast-check generators for the differential and fuzz tests: JSON-logic rules in the shapes the
// validator accepts (core operations of json-logic-js), and JSON data over a small key alphabet so
// that paths often hit.
import fc from 'fast-check';

export const KEYS = ['a', 'b', 'c', '0', '1', 'length', ''] as const;

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('', '0', '1', '2.5', '-1', 'a', 'b', 'abc', 'a.b', '1e3', ' 7 '),
  fc.boolean(),
  fc.constant(null),
);

/** JSON data whose keys come from KEYS. */
export const jsonData: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4 }),
})).value;

const numericLiteral = fc.oneof(
  fc.integer({ min: -10, max: 10 }),
  fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('0', '1', '2.5', '-3', '10'),
);
const varPath = fc.oneof(
  fc.constantFrom('', 'a', 'b', 'a.b', 'a.0', 'b.a.c', '0', '1', 'a.length', 'c.1', 'a.b.c'),
  fc.integer({ min: 0, max: 2 }),
  fc.constant(null),
);

/** Rules over json-logic-js's operations, in the shapes our validator accepts. */
export function coreRule(maxDepth = 4): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => {
    const sub = () => fc.oneof({ depthSize: 'small', maxDepth, withCrossShrink: true }, scalar, tie('op'), tie('list'));
    const numeric = () => fc.oneof({ depthSize: 'small', maxDepth }, numericLiteral, tie('op'));
    const items = () => fc.oneof(tie('op'), tie('list'));
    const list = (min: number, max: number, arb: fc.Arbitrary<unknown>) =>
      fc.array(arb, { minLength: min, maxLength: max });
    const op = <K extends string>(name: K, args: fc.Arbitrary<unknown>) => args.map((a) => ({ [name]: a }));
    return {
      list: fc.array(scalar, { maxLength: 3 }),
      op: fc.oneof(
        { depthSize: 'small', maxDepth },
        op('var', fc.oneof(varPath, fc.tuple(varPath), fc.tuple(varPath, sub()), fc.tuple(tie('op')))),
        op('==', list(2, 2, sub())),
        op('===', list(2, 2, sub())),
        op('!=', list(2, 2, sub())),
        op('!==', list(2, 2, sub())),
        op('>', list(2, 2, sub())),
        op('>=', list(2, 2, sub())),
        op('<', list(2, 3, sub())),
        op('<=', list(2, 3, sub())),
        op('!', fc.oneof(scalar, list(0, 1, sub()))),
        op('!!', list(1, 1, sub())),
        op('and', list(1, 3, sub())),
        op('or', list(1, 3, sub())),
        op('if', list(0, 5, sub())),
        op('?:', list(3, 3, sub())),
        op('+', list(0, 3, numeric())),
        op('*', list(1, 3, numeric())),
        op('-', list(1, 2, numeric())),
        op('/', list(2, 2, numeric())),
        op('%', list(2, 2, numeric())),
        op('min', list(1, 3, numeric())),
        op('max', list(1, 3, numeric())),
        op('cat', list(0, 3, sub())),
        op(
          'substr',
          fc
            .tuple(
              sub(),
              fc.integer({ min: -4, max: 4 }),
              fc.option(fc.integer({ min: -4, max: 4 }), { nil: undefined }),
            )
            .map((t) => (t[2] === undefined ? [t[0], t[1]] : t)),
        ),
        op('in', fc.tuple(sub(), fc.oneof(fc.constantFrom('abc', 'a1b', 'null'), tie('list'), tie('op')))),
        op('merge', list(0, 3, sub())),
        op('missing', fc.oneof(fc.array(fc.constantFrom('a', 'b', 'a.b', 'c'), { maxLength: 3 }), fc.tuple(tie('op')))),
        op(
          'missing_some',
          fc.tuple(fc.integer({ min: 0, max: 2 }), fc.array(fc.constantFrom('a', 'b', 'a.b', 'c'), { maxLength: 3 })),
        ),
        op('map', fc.tuple(items(), sub())),
        op('filter', fc.tuple(items(), sub())),
        op('all', fc.tuple(items(), sub())),
        op('none', fc.tuple(items(), sub())),
        op('some', fc.tuple(items(), sub())),
        op('reduce', fc.oneof(fc.tuple(items(), sub()), fc.tuple(items(), sub(), sub()))),
      ),
    };
  }).op;
}

/** Any JSON at all, as a rule: most of it is invalid, which is the point of fuzzing. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.string({ maxLength: 6 }),
    tie('array'),
    tie('object'),
    tie('op'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 3 }),
  op: fc
    .tuple(
      fc.constantFrom(
        'var',
        'val',
        'missing',
        'if',
        'and',
        '+',
        '/',
        'map',
        'reduce',
        'merge',
        'cat',
        'in',
        'tier',
        'scale',
        'weighted',
        'pct',
        'clamp',
        'money',
        'round',
        'try',
        'throw',
        '??',
        'exists',
        'preserve',
        '__proto__',
        'constructor',
        'toString',
        'frobnicate',
      ),
      tie('value'),
    )
    .map(([k, v]) => JSON.parse(`{${JSON.stringify(k)}: ${JSON.stringify(v) ?? 'null'}}`)),
})).value;
