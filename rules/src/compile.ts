// compile(): turns parsed nodes into closures (never source text: no eval, no new Function, so it
// runs under a strict CSP and in a Temporal workflow bundle). Constant subtrees are folded.
import type { RuleNode } from './ast.ts';
import { RuleError, RuleErrorCode, RuleThrow } from './errors.ts';
import { Fixed } from './fixed.ts';
import { cloneJson } from './json.ts';
import { Dec } from './money.ts';
import type { CompileContext, Compiled, Evaluator } from './operations/types.ts';
import type { Tracer } from './trace.ts';
import type { CompileOptions, References, Rule } from './types.ts';
import { parseRule } from './validate.ts';

export interface CompiledRule {
  readonly rule: Rule;
  run(context: unknown): unknown;
}

const isPrimitive = (v: unknown) => typeof v !== 'object' || v === null || v instanceof Dec || v instanceof Fixed;

/** Whether a subtree's value is fixed at compile time (pure operations over literals). */
function isConstant(node: RuleNode): boolean {
  switch (node.kind) {
    case 'literal':
      return true;
    case 'array':
      return node.items.every(isConstant);
    case 'operation':
      return node.descriptor.pure && node.args.every(isConstant);
  }
}

export class Compiler implements CompileContext {
  readonly decimal: boolean;
  readonly scopes: boolean;
  readonly tracer: Tracer | undefined;
  private twin: Compiler | undefined;

  constructor(scopes: boolean, tracer?: Tracer, decimal = false) {
    this.scopes = scopes;
    this.tracer = tracer;
    this.decimal = decimal;
  }

  get tracing(): boolean {
    return this.tracer !== undefined;
  }

  compileDecimal(node: RuleNode): Compiled {
    if (this.decimal) return this.compile(node);
    this.twin ??= new Compiler(this.scopes, this.tracer, true);
    return this.twin.compile(node);
  }

  compile(node: RuleNode): Compiled {
    const compiled = this.compileNode(node);
    if (!this.tracer) return compiled;
    const tracer = this.tracer;
    const inner = compiled.run;
    const run: Evaluator = (d, s) => tracer.record(node, inner, d, s);
    return compiled.constant ? { run, constant: compiled.constant } : { run };
  }

  private compileNode(node: RuleNode): Compiled {
    switch (node.kind) {
      case 'literal': {
        const value = node.value;
        if (isPrimitive(value)) return { run: () => value, constant: { value } };
        return { run: () => cloneJson(value) };
      }
      case 'array': {
        const items = node.items.map((item) => this.compile(item).run);
        return {
          run: (d, s) => {
            const out = new Array(items.length);
            for (let i = 0; i < items.length; i++) out[i] = (items[i] as Evaluator)(d, s);
            return out;
          },
        };
      }
      case 'operation': {
        const { descriptor } = node;
        const build = this.decimal && descriptor.compileDecimal ? descriptor.compileDecimal : descriptor.compile;
        const run = build(node, this);
        if (this.tracer || node.args.length === 0 || !isConstant(node)) return { run };
        let value: unknown;
        try {
          value = run(undefined, undefined);
        } catch {
          return { run };
        }
        if (isPrimitive(value)) return { run: () => value, constant: { value } };
        return { run: () => cloneJson(value) };
      }
    }
  }
}

class Rule$ implements CompiledRule {
  readonly rule: Rule;
  readonly references: References;
  /** A closure, not a method: `compiled.run` can be passed around as a function. */
  readonly run: (context: unknown) => unknown;
  constructor(rule: Rule, evaluator: Evaluator, references: References) {
    this.rule = rule;
    this.references = references;
    this.run = (context) => {
      try {
        return evaluator(context, undefined);
      } catch (error) {
        throw toRuleError(error);
      }
    };
  }
}

/** Compile a rule once, run it many times; throws RuleError(rule.invalid) listing every problem. */
export function compile(rule: Rule, options: CompileOptions = {}): CompiledRule {
  const parsed = parseRule(rule, options);
  if (!parsed.root) throw new RuleError(RuleErrorCode.invalid, parsed.problems);
  const compiled = new Compiler(parsed.usesScopes).compile(parsed.root);
  return new Rule$(rule, compiled.run, parsed.references);
}

export function isCompiledRule(value: unknown): value is CompiledRule {
  return value instanceof Rule$;
}

/** Run an evaluator; every error that escapes is a RuleError with a documented code. */
export function runSafely(evaluator: Evaluator, context: unknown): unknown {
  try {
    return evaluator(context, undefined);
  } catch (error) {
    throw toRuleError(error);
  }
}

export function toRuleError(error: unknown): RuleError {
  if (error instanceof RuleError) return error;
  if (error instanceof RuleThrow) {
    const { type, path } = error;
    const text = typeof type === 'string' ? type : JSON.stringify(type);
    return new RuleError(
      RuleErrorCode.thrown,
      [
        {
          path,
          code: RuleErrorCode.thrown,
          message: { en: `The rule threw "${text}"`, ru: `Правило остановлено ошибкой «${text}»` },
        },
      ],
      type,
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  const wrapped = new RuleError(RuleErrorCode.evaluationFailed, [
    {
      path: '',
      code: RuleErrorCode.evaluationFailed,
      message: {
        en: `The evaluation failed on a value JSON cannot hold: ${detail}`,
        ru: `Вычисление не удалось на значении, которое не является JSON: ${detail}`,
      },
    },
  ]);
  (wrapped as { cause?: unknown }).cause = error;
  return wrapped;
}
