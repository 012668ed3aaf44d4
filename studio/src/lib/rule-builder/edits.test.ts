import { describe, expect, it } from 'vitest';
import { type Block, type BlockOf, fromJson, toJson } from './blocks.ts';
import { changeOperator, createBlock, move, operatorFits, PALETTE, unwrap, WRAPPERS, wrap } from './edits.ts';

const op = (json: unknown) => fromJson(json) as BlockOf<'op'>;

describe('rule builder edits', () => {
  it('creates every palette block as JSON-logic the builder reads back as the same block', () => {
    for (const item of Object.values(PALETTE).flat()) {
      const block = createBlock(item);
      const again = fromJson(toJson(block));
      expect(toJson(again), item).toStrictEqual(toJson(block));
      if (item !== 'raw') expect(again.kind, item).toBe(block.kind);
    }
    expect(toJson(createBlock('tier'))).toStrictEqual({
      tier: [
        null,
        [
          [0, 0],
          [1, 1],
        ],
      ],
    });
    expect(toJson(createBlock('money', 'KZT'))).toStrictEqual({ money: [null, 'KZT'] });
  });

  it('changes a comparison operator keeping both sides, and turns it into "between" and back', () => {
    const rule = { '>=': [{ var: 'kpi.won.attainment' }, 0.8] };
    expect(toJson(changeOperator(op(rule), '<'))).toStrictEqual({ '<': [{ var: 'kpi.won.attainment' }, 0.8] });
    const between = changeOperator(op(rule), 'between');
    expect(toJson(between)).toStrictEqual({ '<=': [0, { var: 'kpi.won.attainment' }, 0.8] });
    expect(toJson(changeOperator(between, '=='))).toStrictEqual({ '==': [{ var: 'kpi.won.attainment' }, 0.8] });
  });

  it('changes arithmetic without dropping parts: an operator that takes fewer is refused', () => {
    const sum = op({ '+': [1, 2, 3] });
    expect(toJson(changeOperator(sum, 'max'))).toStrictEqual({ max: [1, 2, 3] });
    expect(operatorFits(sum, '/')).toBe(false);
    expect(changeOperator(sum, '/')).toBe(sum);
    expect(toJson(changeOperator(op({ '-': [5] }), '/'))).toStrictEqual({ '/': [5, null] });
    expect(toJson(changeOperator(op({ and: [true, false] }), 'or'))).toStrictEqual({ or: [true, false] });
  });

  it('wraps a block as the first part of another, and unwraps to the first filled part', () => {
    const payout = fromJson({ var: 'employee.base_bonus' });
    const wrapped: Record<string, unknown> = {};
    for (const wrapper of WRAPPERS) wrapped[wrapper] = toJson(wrap(payout, wrapper, 'RUB'));
    expect(wrapped.min).toStrictEqual({ min: [{ var: 'employee.base_bonus' }, null] });
    expect(wrapped.not).toStrictEqual({ '!': [{ var: 'employee.base_bonus' }] });
    expect(wrapped.if).toStrictEqual({ if: [null, { var: 'employee.base_bonus' }, null] });
    expect(wrapped.tier).toStrictEqual({
      tier: [
        { var: 'employee.base_bonus' },
        [
          [0, 0],
          [1, 1],
        ],
      ],
    });
    expect(wrapped.money).toStrictEqual({ money: [{ var: 'employee.base_bonus' }, 'RUB'] });
    expect(wrapped.round).toStrictEqual({ round: [{ var: 'employee.base_bonus' }, 2] });
    for (const wrapper of WRAPPERS) {
      expect(unwrap(wrap(payout, wrapper)), wrapper).toBe(payout);
    }
    expect(unwrap(fromJson({ '<=': [0, { var: 'x' }, 1] }))).toMatchObject({ kind: 'var', path: 'x' });
    expect(unwrap(fromJson(5))).toBeNull();
  });

  it('moves list items within bounds', () => {
    const list: Block[] = [fromJson(1), fromJson(2), fromJson(3)];
    move(list, 0, 2);
    expect(list.map(toJson)).toStrictEqual([2, 3, 1]);
    move(list, 0, -1);
    move(list, 2, 3);
    expect(list.map(toJson)).toStrictEqual([2, 3, 1]);
  });
});
