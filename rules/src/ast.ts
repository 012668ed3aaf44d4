// The parsed form of a rule that validate() builds and compile(), explain() and references() use.
import type { OperationDescriptor } from './operations/types.ts';

export type RuleNode = LiteralNode | ArrayNode | OperationNode;

export interface LiteralNode {
  kind: 'literal';
  /** JSON pointer of this value in the rule */
  path: string;
  /** A primitive, or an object that is not an operation (no key, or several keys) */
  value: unknown;
}

export interface ArrayNode {
  kind: 'array';
  path: string;
  items: RuleNode[];
}

export interface OperationNode {
  kind: 'operation';
  path: string;
  op: string;
  descriptor: OperationDescriptor;
  args: RuleNode[];
  /** The arguments were written as an array (`{"+": [1, 2]}`), not as one value (`{"+": {"var": "x"}}`) */
  listForm: boolean;
  /** The argument exactly as written (for `preserve`) */
  raw: unknown;
}

export const escapePointer = (segment: string): string => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/** Pointer of an operation's argument value: `/and/0/frobnicate` for `{"frobnicate": …}` at `/and/0`. */
export const operationPointer = (node: { path: string; op: string }): string =>
  `${node.path}/${escapePointer(node.op)}`;

export const isLiteral = (node: RuleNode | undefined): node is LiteralNode => node?.kind === 'literal';

/** A literal number, or a literal decimal string. */
export function literalNumber(node: RuleNode | undefined): number | undefined {
  if (!isLiteral(node)) return undefined;
  if (typeof node.value === 'number') return node.value;
  if (typeof node.value === 'string' && DECIMAL_PATTERN.test(node.value)) return Number(node.value);
  return undefined;
}

/** A plain decimal number written as text: "60000.00", "-0.5", "1e6". No hex, no spaces, no commas. */
export const DECIMAL_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
