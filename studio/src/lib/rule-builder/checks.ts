// What the builder says about a rule beside its blocks: the problems of @yardstick/rules and of the
// server placed at the block they point into, and what a block gives (a number or yes/no), so a
// payout that would give yes/no, or a condition that gives a number, is pointed out.
import { type Block, walk } from './blocks.ts';
import { familyOf } from './edits.ts';
import type { VariableOption } from './variables.ts';

export type ResultType = 'number' | 'boolean' | 'text' | 'unknown';

function same(types: ResultType[]): ResultType {
  const [first] = types;
  return first !== undefined && types.every((type) => type === first) ? first : 'unknown';
}

/** What a block gives when it runs, as far as the blocks tell. */
export function resultType(block: Block, variables: readonly VariableOption[] = []): ResultType {
  switch (block.kind) {
    case 'number':
    case 'decimal':
      return 'number';
    case 'text':
      return 'text';
    case 'boolean':
      return 'boolean';
    case 'var': {
      const type = variables.find((v) => v.path === block.path)?.type;
      if (type === 'number' || type === 'money') return 'number';
      if (type === 'boolean') return 'boolean';
      if (type === 'string' || type === 'date') return 'text';
      return 'unknown';
    }
    case 'op': {
      const family = familyOf(block);
      if (family === 'comparison' || family === 'not') return 'boolean';
      if (family === 'arithmetic') return 'number';
      if (family === 'logic') return same(block.args.map((arg) => resultType(arg, variables)));
      if (block.op === '??') return same(block.args.map((arg) => resultType(arg, variables)));
      return 'number';
    }
    case 'if': {
      const results = block.branches.map((branch) => branch.result);
      if (block.otherwise) results.push(block.otherwise);
      return same(results.filter((b) => b.kind !== 'empty').map((b) => resultType(b, variables)));
    }
    case 'weighted':
      return 'number';
    case 'tier':
      return block.mode === 'collect'
        ? 'unknown'
        : same(block.rows.filter((row) => row.result.kind !== 'empty').map((row) => resultType(row.result, variables)));
    default:
      return 'unknown';
  }
}

/** Whether the rule plainly gives the wrong kind of value for where it is used. */
export function typeMismatch(
  root: Block,
  expect: 'number' | 'boolean' | undefined,
  variables: readonly VariableOption[] = [],
): ResultType | null {
  if (!expect || root.kind === 'empty') return null;
  const type = resultType(root, variables);
  if (type === 'unknown' || type === expect) return null;
  return type;
}

export interface Note {
  severity: 'problem' | 'warning';
  message: string;
  /** where it points, relative to the rule */
  path: string;
}

/**
 * Places each note at the deepest block whose pointer holds its path (a problem inside a raw block
 * goes to that block; one about a tier row goes to the tier). Notes outside the rule are dropped.
 */
export function placeNotes(root: Block, notes: readonly Note[]): Map<string, Note[]> {
  const blocks = walk(root).sort((a, b) => b.pointer.length - a.pointer.length);
  const placed = new Map<string, Note[]>();
  for (const note of notes) {
    const at = blocks.find(({ pointer }) => note.path === pointer || note.path.startsWith(`${pointer}/`));
    if (!at) continue;
    const list = placed.get(at.block.id);
    if (list) list.push(note);
    else placed.set(at.block.id, [note]);
  }
  return placed;
}

/** A document-level pointer made relative to the rule at `basePath`; null when it lies elsewhere. */
export function relativePath(path: string, basePath: string): string | null {
  if (basePath === '') return path;
  if (path === basePath) return '';
  return path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : null;
}

/** The metric keys the catalog names (`kpi.<key>.…`), for validate()'s unknown-KPI check; null: no KPIs. */
export function kpiCatalog(variables: readonly VariableOption[]): string[] | null {
  const keys = new Set<string>();
  for (const { path } of variables) {
    const match = /^kpi\.([^.]+)\./.exec(path);
    if (match?.[1]) keys.add(match[1]);
  }
  return keys.size > 0 ? [...keys] : null;
}
