// The visual rule builder's model: JSON-logic as a tree of blocks and back. Only shapes the builder
// can edit become blocks; anything else stays a `raw` block holding the JSON exactly as written, and
// a rule whose blocks would not print back to the very same JSON is kept whole as one raw block.

/** A plain decimal written as text ("60000.00", "-0.5"): an exact amount, as money rules take them. */
export const DECIMAL_TEXT = /^-?\d+(?:\.\d+)?$/;

export type OperatorFamily = 'comparison' | 'logic' | 'not' | 'arithmetic' | 'function';

export interface OperatorSpec {
  family: OperatorFamily;
  /** least and most arguments the builder edits (Infinity: a list the user grows) */
  arity: readonly [number, number];
}

/** The operations drawn as operator blocks; others (iterators, text, `val`…) stay raw JSON. */
export const OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  '==': { family: 'comparison', arity: [2, 2] },
  '!=': { family: 'comparison', arity: [2, 2] },
  '===': { family: 'comparison', arity: [2, 2] },
  '!==': { family: 'comparison', arity: [2, 2] },
  '>': { family: 'comparison', arity: [2, 2] },
  '>=': { family: 'comparison', arity: [2, 2] },
  // three operands: "between" (low < x < high)
  '<': { family: 'comparison', arity: [2, 3] },
  '<=': { family: 'comparison', arity: [2, 3] },
  and: { family: 'logic', arity: [1, Number.POSITIVE_INFINITY] },
  or: { family: 'logic', arity: [1, Number.POSITIVE_INFINITY] },
  '!': { family: 'not', arity: [1, 1] },
  '!!': { family: 'not', arity: [1, 1] },
  '+': { family: 'arithmetic', arity: [1, Number.POSITIVE_INFINITY] },
  '*': { family: 'arithmetic', arity: [1, Number.POSITIVE_INFINITY] },
  '-': { family: 'arithmetic', arity: [1, 2] },
  '/': { family: 'arithmetic', arity: [2, 2] },
  '%': { family: 'arithmetic', arity: [2, 2] },
  min: { family: 'arithmetic', arity: [1, Number.POSITIVE_INFINITY] },
  max: { family: 'arithmetic', arity: [1, Number.POSITIVE_INFINITY] },
  pct: { family: 'function', arity: [2, 3] },
  clamp: { family: 'function', arity: [3, 3] },
  scale: { family: 'function', arity: [4, 5] },
  money: { family: 'function', arity: [1, 3] },
  round: { family: 'function', arity: [1, 3] },
  '??': { family: 'function', arity: [1, Number.POSITIVE_INFINITY] },
};

export const COMPARISONS = ['==', '!=', '>', '>=', '<', '<='] as const;
export const ARITHMETIC = ['+', '-', '*', '/', 'min', 'max'] as const;

export type Block =
  | { id: string; kind: 'empty' }
  | { id: string; kind: 'number'; value: number }
  /** an exact amount written as a decimal string */
  | { id: string; kind: 'decimal'; value: string }
  | { id: string; kind: 'text'; value: string }
  | { id: string; kind: 'boolean'; value: boolean }
  /** `{"var": "path"}`, or `{"var": ["path"]}` when `listForm` */
  | { id: string; kind: 'var'; path: string; listForm: boolean }
  | { id: string; kind: 'op'; op: string; args: Block[]; listForm: boolean }
  | { id: string; kind: 'if'; branches: IfBranch[]; otherwise: Block | null }
  | { id: string; kind: 'tier'; value: Block; rows: TierRow[]; mode: 'first' | 'collect' | null }
  /** `{"weighted": [[weight, score], …]}`: Σ weight × score, the weights adding up to 1 */
  | { id: string; kind: 'weighted'; lines: WeightedLine[] }
  | { id: string; kind: 'raw'; json: unknown };

export interface IfBranch {
  id: string;
  when: Block;
  result: Block;
}

export interface TierRow {
  id: string;
  from: Block;
  result: Block;
}

export interface WeightedLine {
  id: string;
  weight: Block;
  score: Block;
}

export type BlockKind = Block['kind'];
export type BlockOf<K extends BlockKind> = Extract<Block, { kind: K }>;

let counter = 0;
/** A fresh id for a block (keys of lists, targets of focus). */
export const newId = (): string => `b${++counter}`;

export const emptyBlock = (): Block => ({ id: newId(), kind: 'empty' });
export const numberBlock = (value: number): Block => ({ id: newId(), kind: 'number', value });
export const varBlock = (path: string): Block => ({ id: newId(), kind: 'var', path, listForm: false });
export const opBlock = (op: string, args: Block[]): Block => ({ id: newId(), kind: 'op', op, args, listForm: true });

function isOperation(json: unknown): json is Record<string, unknown> {
  return json !== null && typeof json === 'object' && !Array.isArray(json) && Object.keys(json).length === 1;
}

const raw = (json: unknown): Block => ({ id: newId(), kind: 'raw', json });

function parse(json: unknown): Block {
  if (json === null || json === undefined) return emptyBlock();
  if (typeof json === 'number') return { id: newId(), kind: 'number', value: json };
  if (typeof json === 'boolean') return { id: newId(), kind: 'boolean', value: json };
  if (typeof json === 'string') {
    return DECIMAL_TEXT.test(json)
      ? { id: newId(), kind: 'decimal', value: json }
      : { id: newId(), kind: 'text', value: json };
  }
  if (!isOperation(json)) return raw(json);
  const [op, args] = Object.entries(json)[0] as [string, unknown];

  if (op === 'var') {
    if (typeof args === 'string') return { id: newId(), kind: 'var', path: args, listForm: false };
    if (Array.isArray(args) && args.length === 1 && typeof args[0] === 'string') {
      return { id: newId(), kind: 'var', path: args[0], listForm: true };
    }
    return raw(json);
  }
  if (op === 'if') {
    if (!Array.isArray(args) || args.length < 2) return raw(json);
    const branches: IfBranch[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) {
      branches.push({ id: newId(), when: parse(args[i]), result: parse(args[i + 1]) });
    }
    const otherwise = args.length % 2 === 1 ? parse(args[args.length - 1]) : null;
    return { id: newId(), kind: 'if', branches, otherwise };
  }
  if (op === 'tier') {
    if (!Array.isArray(args) || args.length < 2 || args.length > 3) return raw(json);
    const [value, table, mode] = args;
    const tableOk =
      Array.isArray(table) && table.every((row) => Array.isArray(row) && row.length === 2) && table.length > 0;
    const modeOk = args.length === 2 || mode === 'first' || mode === 'collect';
    if (!tableOk || !modeOk) return raw(json);
    return {
      id: newId(),
      kind: 'tier',
      value: parse(value),
      rows: (table as unknown[][]).map(([from, result]) => ({ id: newId(), from: parse(from), result: parse(result) })),
      mode: args.length === 3 ? (mode as 'first' | 'collect') : null,
    };
  }
  if (op === 'weighted') {
    const pairs =
      Array.isArray(args) && args.length > 0 && args.every((line) => Array.isArray(line) && line.length === 2);
    if (!pairs) return raw(json);
    return {
      id: newId(),
      kind: 'weighted',
      lines: (args as unknown[][]).map(([weight, score]) => ({
        id: newId(),
        weight: parse(weight),
        score: parse(score),
      })),
    };
  }
  const spec = OPERATORS[op];
  if (!spec) return raw(json);
  const listForm = Array.isArray(args);
  const list = listForm ? (args as unknown[]) : [args];
  if (list.length < spec.arity[0] || list.length > spec.arity[1]) return raw(json);
  return { id: newId(), kind: 'op', op, args: list.map(parse), listForm };
}

/** The blocks of a rule; null (or nothing) is an empty rule. Never loses a rule: see the module note. */
export function fromJson(json: unknown): Block {
  const block = parse(json);
  return sameJson(toJson(block), json ?? null) ? block : raw(json);
}

/** The JSON-logic the blocks stand for; an empty block is null. */
export function toJson(block: Block): unknown {
  switch (block.kind) {
    case 'empty':
      return null;
    case 'number':
    case 'decimal':
    case 'text':
    case 'boolean':
      return block.value;
    case 'var':
      return { var: block.listForm ? [block.path] : block.path };
    case 'op':
      return { [block.op]: block.listForm ? block.args.map(toJson) : toJson(block.args[0] ?? emptyBlock()) };
    case 'if': {
      const args = block.branches.flatMap((branch) => [toJson(branch.when), toJson(branch.result)]);
      if (block.otherwise) args.push(toJson(block.otherwise));
      return { if: args };
    }
    case 'tier': {
      const table = block.rows.map((row) => [toJson(row.from), toJson(row.result)]);
      return { tier: block.mode ? [toJson(block.value), table, block.mode] : [toJson(block.value), table] };
    }
    case 'weighted':
      return { weighted: block.lines.map((line) => [toJson(line.weight), toJson(line.score)]) };
    case 'raw':
      return block.json;
  }
}

/** Deep equality of JSON values, key order included (what JSON.stringify prints). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const escapePointer = (segment: string): string => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/** Each child block with its JSON pointer, given the block's own pointer. */
export function children(block: Block, pointer: string): { block: Block; pointer: string }[] {
  switch (block.kind) {
    case 'var':
    case 'raw':
    case 'empty':
    case 'number':
    case 'decimal':
    case 'text':
    case 'boolean':
      return [];
    case 'op': {
      const at = `${pointer}/${escapePointer(block.op)}`;
      return block.args.map((arg, i) => ({ block: arg, pointer: block.listForm ? `${at}/${i}` : at }));
    }
    case 'if': {
      const list = block.branches.flatMap((branch, i) => [
        { block: branch.when, pointer: `${pointer}/if/${2 * i}` },
        { block: branch.result, pointer: `${pointer}/if/${2 * i + 1}` },
      ]);
      if (block.otherwise) list.push({ block: block.otherwise, pointer: `${pointer}/if/${2 * block.branches.length}` });
      return list;
    }
    case 'tier':
      return [
        { block: block.value, pointer: `${pointer}/tier/0` },
        ...block.rows.flatMap((row, i) => [
          { block: row.from, pointer: `${pointer}/tier/1/${i}/0` },
          { block: row.result, pointer: `${pointer}/tier/1/${i}/1` },
        ]),
      ];
    case 'weighted':
      return block.lines.flatMap((line, i) => [
        { block: line.weight, pointer: `${pointer}/weighted/${i}/0` },
        { block: line.score, pointer: `${pointer}/weighted/${i}/1` },
      ]);
  }
}

/** Every block of the tree with its JSON pointer, parents before children. */
export function walk(root: Block, pointer = ''): { block: Block; pointer: string }[] {
  const out = [{ block: root, pointer }];
  for (const child of children(root, pointer)) out.push(...walk(child.block, child.pointer));
  return out;
}

/** The block with this id, and its parent (null for the root). */
export function findBlock(root: Block, id: string): { block: Block; parent: Block | null } | null {
  if (root.id === id) return { block: root, parent: null };
  for (const child of children(root, '')) {
    if (child.block.id === id) return { block: child.block, parent: root };
    const found = findBlock(child.block, id);
    if (found) return found;
  }
  return null;
}
