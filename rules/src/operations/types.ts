// Operators are data: each is a descriptor that the validator, the compiler and the tracer share.
import type { OperationNode, RuleNode } from '../ast.ts';
import type { Message, Problem } from '../types.ts';

/** The scope chain of iterators, for `val`'s climbing: level 1 is `meta`, level 2 is `data`, … */
export interface Scope {
  readonly meta: unknown;
  readonly data: unknown;
  readonly up: Scope | undefined;
}

/** A compiled node: data in scope (and the enclosing scopes) → value. */
export type Evaluator = (data: unknown, scope: Scope | undefined) => unknown;

export interface Compiled {
  readonly run: Evaluator;
  /** Set when the node's value is known at compile time (a literal or a folded constant). */
  readonly constant?: { readonly value: unknown };
}

export interface CompileContext {
  compile(node: RuleNode): Compiled;
  /** Compile inside `money`: arithmetic in exact decimals. */
  compileDecimal(node: RuleNode): Compiled;
  /** Inside `money` */
  readonly decimal: boolean;
  /** Recording a trace: no fusing of nodes, so that every node shows. */
  readonly tracing: boolean;
}

export interface CheckContext {
  problem(path: string, code: string, message: Message): void;
  warning(path: string, code: string, message: Message): void;
  /**
   * Report a path the rule reads, for the catalog check and references(). `climb`: how many
   * iterator scopes out it reads (0: the current one). Only reads that land on the root count.
   */
  readPath(keys: readonly string[], path: string, climb?: number): void;
  /** A path computed at run time (or the whole data) is read. */
  readDynamic(climb?: number): void;
}

export type OperationGroup =
  | 'logic'
  | 'comparison'
  | 'arithmetic'
  | 'data'
  | 'array'
  | 'string'
  | 'control'
  | 'kpi'
  | 'money';

export interface OperationDescriptor {
  readonly name: string;
  readonly group: OperationGroup;
  /** Least and most arguments (Infinity for variadic) */
  readonly arity: readonly [number, number];
  readonly summary: Message;
  /** No data access and no throw: folded at compile time when every argument is constant. */
  readonly pure: boolean;
  /** The arguments must be written as a list (`{"if": [...]}`), never as one value. */
  readonly listOnly?: boolean;
  /** Arguments evaluated in a new scope (an iterator's body, `try`'s fallbacks). */
  readonly scopedArg?: (index: number) => boolean;
  /** Comes from json-logic-js 2.0.5 (the reference), or is ours. */
  readonly origin: 'json-logic-js' | 'community' | 'yardstick';
  /** Static checks on literal arguments. */
  check?(node: OperationNode, ctx: CheckContext): void;
  compile(node: OperationNode, cc: CompileContext): Evaluator;
  /** Exact-decimal variant used inside `money` (arithmetic only). */
  compileDecimal?(node: OperationNode, cc: CompileContext): Evaluator;
  /** Why the node has its value, given its arguments' values (for explain). */
  explain?(args: readonly unknown[], result: unknown, node: OperationNode): Message | undefined;
}

export type { Problem };
