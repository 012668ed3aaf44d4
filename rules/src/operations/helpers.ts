// Building blocks for operation descriptors: messages, literal checks, eager compilation.
import { isLiteral, literalNumber, type OperationNode, operationPointer, type RuleNode } from '../ast.ts';
import type { Message } from '../types.ts';
import type { CheckContext, CompileContext, Evaluator } from './types.ts';

export const msg = (en: string, ru: string): Message => ({ en, ru });

/** Compile every argument. */
export const argRuns = (node: OperationNode, cc: CompileContext): Evaluator[] =>
  node.args.map((arg) => cc.compile(arg).run);

/**
 * An operation whose arguments are all evaluated first (json-logic-js's default), called with the
 * values as an array. `spread`: a single computed argument that yields a list is the argument list.
 */
export function eagerList(fn: (values: unknown[], node: OperationNode) => unknown, spread = false) {
  return (node: OperationNode, cc: CompileContext): Evaluator => {
    const runs = argRuns(node, cc);
    if (spread && spreads(node)) {
      const [a] = runs as [Evaluator];
      return (d, s) => {
        const v = a(d, s);
        return fn(Array.isArray(v) ? v : [v], node);
      };
    }
    switch (runs.length) {
      case 0:
        return () => fn([], node);
      case 1: {
        const [a] = runs as [Evaluator];
        return (d, s) => fn([a(d, s)], node);
      }
      case 2: {
        const [a, b] = runs as [Evaluator, Evaluator];
        return (d, s) => fn([a(d, s), b(d, s)], node);
      }
      default:
        return (d, s) => {
          const values = new Array(runs.length);
          for (let i = 0; i < runs.length; i++) values[i] = (runs[i] as Evaluator)(d, s);
          return fn(values, node);
        };
    }
  };
}

/** `{"+": {"var": "amounts"}}`: the single argument is an operation, so its list is the arguments. */
export const spreads = (node: OperationNode): boolean =>
  !node.listForm && node.args.length === 1 && node.args[0]?.kind === 'operation';

// Literal checks shared by the descriptors.

export function expectNumberLiteral(ctx: CheckContext, arg: RuleNode | undefined, what: Message): void {
  if (!isLiteral(arg)) return;
  if (literalNumber(arg) === undefined || !Number.isFinite(literalNumber(arg))) {
    ctx.problem(
      arg.path,
      'rule.literal_type',
      msg(
        `${what.en} must be a number, not ${JSON.stringify(arg.value)}`,
        `${what.ru} — должно быть числом, а не ${JSON.stringify(arg.value)}`,
      ),
    );
  }
}

export function expectNotScalarList(ctx: CheckContext, arg: RuleNode | undefined, node: OperationNode): void {
  if (!isLiteral(arg)) return;
  ctx.problem(
    arg.path,
    'rule.literal_type',
    msg(
      `"${node.op}" needs a list to go through, not ${JSON.stringify(arg.value)}`,
      `«${node.op}» перебирает список, а не ${JSON.stringify(arg.value)}`,
    ),
  );
}

/** Arithmetic operands written as literals must be numbers (or decimal strings). */
export function checkNumericOperands(node: OperationNode, ctx: CheckContext): void {
  for (const [i, arg] of node.args.entries()) {
    if (arg.kind === 'array') {
      ctx.problem(
        arg.path,
        'rule.literal_type',
        msg(
          `Operand ${i + 1} of "${node.op}" is a list; arithmetic takes numbers`,
          `Операнд ${i + 1} операции «${node.op}» — список; арифметика работает с числами`,
        ),
      );
    } else if (isLiteral(arg) && literalNumber(arg) === undefined) {
      ctx.problem(
        arg.path,
        'rule.literal_type',
        msg(
          `Operand ${i + 1} of "${node.op}" must be a number, not ${JSON.stringify(arg.value)}`,
          `Операнд ${i + 1} операции «${node.op}» должен быть числом, а не ${JSON.stringify(arg.value)}`,
        ),
      );
    }
  }
}

export const opPointer = operationPointer;
