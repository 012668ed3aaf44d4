import { describe, expect, it } from 'vitest';
import { evaluate, validate } from '../index.ts';

const attainment = (value: unknown) => ({ kpi: { won: { attainment: value } } });
const A = { var: 'kpi.won.attainment' };

describe('tier', () => {
  const rate = {
    tier: [
      A,
      [
        [0, 0.01],
        [0.8, 0.03],
        [1, 0.05],
        [1.2, 0.07],
      ],
    ],
  };

  it('first (default): the result of the highest tier reached', () => {
    expect(evaluate(rate, attainment(0.5))).toBe(0.01);
    expect(evaluate(rate, attainment(0.8))).toBe(0.03);
    expect(evaluate(rate, attainment(0.99))).toBe(0.03);
    expect(evaluate(rate, attainment(1))).toBe(0.05);
    expect(evaluate(rate, attainment(3))).toBe(0.07);
  });

  it('below the lowest tier: null; a missing value counts as 0; a non-number gives null', () => {
    const noFloor = {
      tier: [
        A,
        [
          [0.8, 'bronze'],
          [1, 'silver'],
        ],
      ],
    };
    expect(evaluate(noFloor, attainment(0.5))).toBeNull();
    expect(evaluate(rate, {})).toBe(0.01);
    expect(evaluate(rate, attainment('lots'))).toBeNull();
    expect(evaluate(rate, attainment('0.85'))).toBe(0.03);
  });

  it('collect: the results of every tier reached, in table order', () => {
    const badges = {
      tier: [
        A,
        [
          [0.5, 'half'],
          [1, 'plan'],
          [1.5, 'star'],
        ],
        'collect',
      ],
    };
    expect(evaluate(badges, attainment(1.1))).toStrictEqual(['half', 'plan']);
    expect(evaluate(badges, attainment(0.1))).toStrictEqual([]);
  });

  it('results and bounds can be rules; only the chosen result is evaluated', () => {
    const rule = {
      tier: [
        A,
        [
          [0, { throw: 'not evaluated' }],
          [{ var: 'floor' }, { '*': [{ var: 'base' }, 2] }],
        ],
      ],
    };
    expect(evaluate(rule, { ...attainment(1), floor: 0.9, base: 10 })).toBe(20);
  });

  it('a table can come from the data', () => {
    const rule = { tier: [A, { var: 'employee.tiers' }] };
    expect(
      evaluate(rule, {
        ...attainment(0.9),
        employee: {
          tiers: [
            [0, 0],
            [0.85, 100],
          ],
        },
      }),
    ).toBe(100);
    expect(evaluate(rule, { ...attainment(0.9), employee: { tiers: 'no' } })).toBeNull();
  });

  it('validation: rows ascending, each [from, result], mode first|collect', () => {
    expect(
      validate({
        tier: [
          A,
          [
            [1, 'a'],
            [0.5, 'b'],
          ],
        ],
      }).ok,
    ).toBe(false);
    expect(validate({ tier: [A, [[1, 'a', 'x']]] }).ok).toBe(false);
    expect(validate({ tier: [A, [[0, 1]], 'last'] }).ok).toBe(false);
    expect(validate({ tier: [A, 5] }).ok).toBe(false);
  });
});

describe('scale', () => {
  const linear = { scale: [A, 0.8, 1, 1.2] };
  const stepped = { scale: [A, 0.8, 1, 1.2, 'stepped'] };

  it('linear: 0 below the threshold, value/plan between, capped at the cap', () => {
    expect(evaluate(linear, attainment(0.79))).toBe(0);
    expect(evaluate(linear, attainment(0.8))).toBe(0.8);
    expect(evaluate(linear, attainment(0.95))).toBe(0.95);
    expect(evaluate(linear, attainment(1.1))).toBe(1.1);
    expect(evaluate(linear, attainment(2))).toBe(1.2);
  });

  it('stepped: the last point reached', () => {
    expect(evaluate(stepped, attainment(0.7))).toBe(0);
    expect(evaluate(stepped, attainment(0.9))).toBe(0.8);
    expect(evaluate(stepped, attainment(1.1))).toBe(1);
    expect(evaluate(stepped, attainment(1.3))).toBe(1.2);
  });

  it('works on amounts: points in the same unit as the value, coefficient relative to the plan', () => {
    const rule = { scale: [{ var: 'kpi.won.actual' }, 2_000_000, { var: 'kpi.won.plan' }, 3_000_000] };
    expect(evaluate(rule, { kpi: { won: { actual: 2_200_000, plan: 2_500_000 } } })).toBe(0.88);
    expect(evaluate(rule, { kpi: { won: { actual: '2750000.00', plan: '2500000.00' } } })).toBe(1.1);
  });

  it('never pays out on an empty plan', () => {
    const rule = { scale: [{ var: 'kpi.won.actual' }, 0, { var: 'kpi.won.plan' }, 1e9] };
    expect(evaluate(rule, { kpi: { won: { actual: 1_000_000, plan: 0 } } })).toBe(0);
    expect(evaluate(rule, { kpi: { won: { actual: 1_000_000 } } })).toBe(0);
  });

  it('inconsistent points or non-numbers give null', () => {
    expect(evaluate({ scale: [A, { var: 't' }, 1, 1.2] }, { ...attainment(1), t: 2 })).toBeNull();
    expect(evaluate(linear, attainment('n/a'))).toBeNull();
    expect(evaluate(linear, attainment(true))).toBeNull();
  });
});

describe('weighted', () => {
  it('Σ weight × score, without binary noise', () => {
    const rule = {
      weighted: [
        [0.3, 0.7],
        [0.3, 0.7],
        [0.4, 1.1],
      ],
    };
    expect(evaluate(rule, {})).toBe(0.86);
    expect(0.3 * 0.7 + 0.3 * 0.7 + 0.4 * 1.1).toBe(0.8600000000000001);
  });

  it('weights that do not add up to 1 give null at run time (and a problem when written)', () => {
    const rule = {
      weighted: [
        [{ var: 'w' }, 1],
        [0.5, 1],
      ],
    };
    expect(evaluate(rule, { w: 0.5 })).toBe(1);
    expect(evaluate(rule, { w: 0.6 })).toBeNull();
    expect(
      validate({
        weighted: [
          [0.6, 1],
          [0.5, 1],
        ],
      }).ok,
    ).toBe(false);
  });

  it('lines can come from the data', () => {
    expect(
      evaluate(
        { weighted: { var: 'lines' } },
        {
          lines: [
            [0.5, 2],
            [0.5, 0],
          ],
        },
      ),
    ).toBe(1);
  });
});

describe('clamp and pct', () => {
  it('clamp keeps a value within bounds', () => {
    expect(evaluate({ clamp: [1.7, 0, 1.5] }, {})).toBe(1.5);
    expect(evaluate({ clamp: [-1, 0, 1.5] }, {})).toBe(0);
    expect(evaluate({ clamp: [{ var: 'x' }, 0, 1] }, { x: 'abc' })).toBeNull();
    expect(validate({ clamp: [1, 2, 1] }).ok).toBe(false);
  });

  it('pct is safe when the divisor is 0 or missing', () => {
    const rule = { pct: [{ var: 'kpi.won.actual' }, { var: 'kpi.won.plan' }] };
    expect(evaluate(rule, { kpi: { won: { actual: 1_840_000, plan: 2_500_000 } } })).toBe(0.736);
    expect(evaluate(rule, { kpi: { won: { actual: 1_840_000, plan: 0 } } })).toBe(0);
    expect(evaluate(rule, { kpi: { won: { actual: 1_840_000 } } })).toBe(0);
    expect(evaluate({ pct: [5, 0, null] }, {})).toBeNull();
    // The json-logic-js trap the validator warns about, next to the safe form:
    const unsafe = { '>=': [{ '/': [{ var: 'won' }, { var: 'plan' }] }, 1] };
    const safe = { '>=': [{ pct: [{ var: 'won' }, { var: 'plan' }] }, 1] };
    expect(evaluate(unsafe, { won: 5, plan: 0 })).toBe(true);
    expect(evaluate(safe, { won: 5, plan: 0 })).toBe(false);
  });
});
