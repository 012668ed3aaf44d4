// What the builder's buttons do to blocks: new blocks from the palette, a new operator, wrapping a
// block in another and unwrapping it. Pure: each returns the block to put in place of the old one.
import {
  type Block,
  type BlockOf,
  emptyBlock,
  newId,
  numberBlock,
  OPERATORS,
  type OperatorFamily,
  opBlock,
  varBlock,
} from './blocks.ts';

/** The blocks a user can place in an empty slot, in the palette's order and groups. */
export const PALETTE = {
  value: ['number', 'decimal', 'text', 'boolean', 'var'],
  condition: ['compare', 'between', 'and', 'or', 'not'],
  choice: ['if', 'tier'],
  math: ['+', '-', '*', '/', 'min', 'max', 'pct', 'weighted', 'round', 'money'],
  advanced: ['raw'],
} as const;

export type PaletteGroup = keyof typeof PALETTE;
export type PaletteItem = (typeof PALETTE)[PaletteGroup][number];

/** A new block of the chosen kind, with empty slots to fill (a tier table starts with two rows). */
export function createBlock(item: PaletteItem, currency = 'RUB'): Block {
  switch (item) {
    case 'number':
      return numberBlock(0);
    case 'decimal':
      return { id: newId(), kind: 'decimal', value: '0.00' };
    case 'text':
      return { id: newId(), kind: 'text', value: '' };
    case 'boolean':
      return { id: newId(), kind: 'boolean', value: true };
    case 'var':
      return varBlock('');
    case 'compare':
      return opBlock('>=', [emptyBlock(), emptyBlock()]);
    case 'between':
      return opBlock('<=', [numberBlock(0), emptyBlock(), numberBlock(1)]);
    case 'and':
    case 'or':
      return opBlock(item, [emptyBlock(), emptyBlock()]);
    case 'not':
      return opBlock('!', [emptyBlock()]);
    case 'if':
      return {
        id: newId(),
        kind: 'if',
        branches: [{ id: newId(), when: emptyBlock(), result: emptyBlock() }],
        otherwise: emptyBlock(),
      };
    case 'tier':
      return {
        id: newId(),
        kind: 'tier',
        value: emptyBlock(),
        rows: [
          { id: newId(), from: numberBlock(0), result: numberBlock(0) },
          { id: newId(), from: numberBlock(1), result: numberBlock(1) },
        ],
        mode: null,
      };
    case 'pct':
      return opBlock('pct', [emptyBlock(), emptyBlock()]);
    case 'weighted':
      return {
        id: newId(),
        kind: 'weighted',
        lines: [
          { id: newId(), weight: numberBlock(0.5), score: emptyBlock() },
          { id: newId(), weight: numberBlock(0.5), score: emptyBlock() },
        ],
      };
    case 'round':
      return opBlock('round', [emptyBlock(), numberBlock(2)]);
    case 'money':
      return opBlock('money', [emptyBlock(), { id: newId(), kind: 'text', value: currency }]);
    case 'raw':
      return { id: newId(), kind: 'raw', json: null };
    default:
      return opBlock(item, [emptyBlock(), emptyBlock()]);
  }
}

export function familyOf(block: Block): OperatorFamily | null {
  return block.kind === 'op' ? (OPERATORS[block.op]?.family ?? null) : null;
}

/** Whether an operator block is drawn as "between" (a three-operand < or <=). */
export const isBetween = (block: Block): boolean =>
  block.kind === 'op' && (block.op === '<' || block.op === '<=') && block.args.length === 3;

/** `between` is offered beside the comparisons as if it were an operator. */
export type ComparisonChoice = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'between';

/**
 * The block with another operator of the same family, arguments kept. A comparison becomes
 * "between" by putting its left side between two bounds, and back by keeping the middle and the top.
 */
export function changeOperator(block: BlockOf<'op'>, choice: string): BlockOf<'op'> {
  if (choice === 'between') {
    if (isBetween(block)) return block;
    const [left = emptyBlock(), right = emptyBlock()] = block.args;
    return { ...block, op: '<=', args: [numberBlock(0), left, right], listForm: true };
  }
  const spec = OPERATORS[choice];
  if (!spec) return block;
  let args = block.args;
  if (isBetween(block)) args = [block.args[1] ?? emptyBlock(), block.args[2] ?? emptyBlock()];
  while (args.length < spec.arity[0]) args = [...args, emptyBlock()];
  if (args.length > spec.arity[1]) return block;
  return { ...block, op: choice, args, listForm: block.listForm || args.length !== 1 };
}

/** Whether an operator can take the block's arguments without dropping any. */
export function operatorFits(block: BlockOf<'op'>, choice: string): boolean {
  if (choice === 'between') return block.args.length <= 2 || isBetween(block);
  const spec = OPERATORS[choice];
  if (!spec) return false;
  const count = isBetween(block) ? 2 : block.args.length;
  return count <= spec.arity[1];
}

/** What a block can be wrapped in: the block becomes the first part of the new one. */
export const WRAPPERS = ['and', 'or', 'not', 'if', 'tier', '+', '-', '*', '/', 'min', 'max', 'round', 'money'] as const;
export type Wrapper = (typeof WRAPPERS)[number];

export function wrap(block: Block, wrapper: Wrapper, currency = 'RUB'): Block {
  switch (wrapper) {
    case 'not':
      return opBlock('!', [block]);
    case 'if':
      return {
        id: newId(),
        kind: 'if',
        branches: [{ id: newId(), when: emptyBlock(), result: block }],
        otherwise: emptyBlock(),
      };
    case 'tier': {
      const tier = createBlock('tier') as BlockOf<'tier'>;
      return { ...tier, value: block };
    }
    case 'round':
      return opBlock('round', [block, numberBlock(2)]);
    case 'money':
      return opBlock('money', [block, { id: newId(), kind: 'text', value: currency }]);
    default:
      return opBlock(wrapper, [block, emptyBlock()]);
  }
}

/** The block's first filled part, to put in its place; null when it has none. */
export function unwrap(block: Block): Block | null {
  switch (block.kind) {
    case 'op':
      return (isBetween(block) ? block.args[1] : block.args.find((arg) => arg.kind !== 'empty')) ?? null;
    case 'if':
      return block.branches[0]?.result ?? block.otherwise ?? null;
    case 'tier':
      return block.value.kind === 'empty' ? null : block.value;
    case 'weighted':
      return block.lines.find((line) => line.score.kind !== 'empty')?.score ?? null;
    default:
      return null;
  }
}

/** Moves an item of a list in place (no-op when the target is out of range). */
export function move<T>(list: T[], from: number, to: number): void {
  if (to < 0 || to >= list.length || from === to) return;
  const [item] = list.splice(from, 1);
  if (item !== undefined) list.splice(to, 0, item);
}
