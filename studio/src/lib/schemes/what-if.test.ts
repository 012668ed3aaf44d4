import type { EvaluationContext } from '@yardstick/workflows/evaluation';
import { describe, expect, it } from 'vitest';
import { DEMO_SCHEME_DEFINITION } from '../../../../engine/src/db/seed/demo-data.ts';
import { currentAttainment, defaultMax, payoutAt, payoutCurve } from './what-if.ts';

const example = DEMO_SCHEME_DEFINITION.goldenCases?.[1]?.context as EvaluationContext;

describe('what-if', () => {
  it('draws the payout as every line’s attainment moves: nothing below the thresholds, flat past the caps', () => {
    const curve = payoutCurve(DEMO_SCHEME_DEFINITION, example, { metric: null, max: 2, steps: 21 });
    expect(curve).toHaveLength(21);
    expect(curve[0]).toEqual({ attainment: 0, payout: 0, amount: '0.00' });
    // at 100% every line gives 1: the whole base bonus
    expect(curve.find((p) => p.attainment === 1)?.amount).toBe('60000.00');
    // past every cap (1.5 the highest) the payout stops growing: 0.5 × 1.2 + 0.2 × 1.5 + 0.3 × 1.1 = 1.23
    expect(curve.at(-1)?.amount).toBe('73800.00');
    const payouts = curve.map((p) => p.payout as number);
    expect(payouts.every((p, i) => i === 0 || p >= (payouts[i - 1] as number))).toBe(true);
  });

  it('moves one line and keeps the others where they are', () => {
    // won amount at 100% with deals 62.5% and calls 83.3%: 0.5 + 0.2 × 0.625 + 0.3 × 0.8333
    expect(payoutAt(DEMO_SCHEME_DEFINITION, example, 'won_amount', 1).amount).toBe('52500.00');
    expect(currentAttainment(DEMO_SCHEME_DEFINITION, example, 'won_amount')).toBeCloseTo(0.736);
    expect(currentAttainment(DEMO_SCHEME_DEFINITION, example, null)).toBeCloseTo(
      0.5 * 0.736 + 0.2 * 0.625 + 0.3 * (100 / 120),
    );
  });

  it('draws up to past the highest cap', () => {
    expect(defaultMax(DEMO_SCHEME_DEFINITION)).toBe(1.7);
    expect(payoutCurve({ ...DEMO_SCHEME_DEFINITION, payout: { nope: 1 } }, example, { metric: null })).toEqual([]);
  });
});
