// explain(): evaluates a rule while recording the value of every node, so a statement can say why
// a bonus is what it is. Renders as text in English or Russian.
import type { RuleNode } from './ast.ts';
import { type CompiledRule, Compiler, toRuleError } from './compile.ts';
import { RuleError, RuleErrorCode } from './errors.ts';
import { Fixed, formatMoney } from './fixed.ts';
import { formatValue } from './json.ts';
import { Dec } from './money.ts';
import type { Evaluator, Scope } from './operations/types.ts';
import type { CompileOptions, Rule, Trace } from './types.ts';
import { parseRule } from './validate.ts';

/** An iteration keeps this many child traces per node; the rest are counted in `omitted`. */
export const MAX_TRACE_CHILDREN = 100;

function jsonSafe(trace: Trace, value: unknown): void {
  if (value instanceof Fixed) {
    trace.value = formatMoney(value, undefined);
  } else if (value instanceof Dec) {
    const d = value as Dec;
    trace.value = d.isFinite() ? d.toFixed() : null;
    if (!d.isFinite()) trace.text = 'NaN';
  } else if (typeof value === 'number' && !Number.isFinite(value)) {
    trace.value = null;
    trace.text = String(value);
  } else if (value === undefined) {
    trace.value = null;
    trace.text = 'undefined';
  } else {
    trace.value = value;
  }
}

export class Tracer {
  private stack: Trace[] = [];
  root: Trace | undefined;

  record(node: RuleNode, inner: Evaluator, data: unknown, scope: Scope | undefined): unknown {
    const trace: Trace = { path: node.path, op: node.kind === 'operation' ? node.op : null, value: null, children: [] };
    const parent = this.stack[this.stack.length - 1];
    if (parent) {
      if (parent.children.length < MAX_TRACE_CHILDREN) parent.children.push(trace);
      else parent.omitted = (parent.omitted ?? 0) + 1;
    } else this.root = trace;
    this.stack.push(trace);
    try {
      const value = inner(data, scope);
      jsonSafe(trace, value);
      if (node.kind === 'operation' && node.descriptor.explain) {
        // Arguments by pointer: a literal the compiler inlined has no child trace of its own.
        const values = new Map(trace.children.map((c) => [c.path, c.value]));
        const args = node.args.map((a) =>
          values.has(a.path) ? values.get(a.path) : a.kind === 'literal' ? a.value : undefined,
        );
        const note = node.descriptor.explain(args, trace.value, node);
        if (note) trace.note = note;
      }
      return value;
    } catch (error) {
      if (!trace.children.some((c) => c.error)) {
        const e = toRuleError(error);
        trace.error = { code: e.code, message: e.problems[0]?.message ?? { en: e.message, ru: e.message } };
      }
      throw error;
    } finally {
      this.stack.pop();
    }
  }
}

/**
 * The value of every node of `rule` on `context`. An invalid rule throws RuleError(rule.invalid);
 * an evaluation that stops (a `throw`, a limit) gives a trace whose failing node has `error`.
 */
export function explain(rule: Rule | CompiledRule, context: unknown, options: CompileOptions = {}): Trace {
  const source =
    rule instanceof Object && 'run' in rule && typeof (rule as CompiledRule).run === 'function'
      ? (rule as CompiledRule).rule
      : rule;
  const parsed = parseRule(source, options);
  if (!parsed.root) throw new RuleError(RuleErrorCode.invalid, parsed.problems);
  const tracer = new Tracer();
  const run = new Compiler(parsed.usesScopes, tracer).compile(parsed.root).run;
  try {
    run(context, undefined);
  } catch {
    // The failing node carries the error; the trace is still the answer.
  }
  return tracer.root as Trace;
}

/** A trace as indented text: one line per operation, with its value and, where known, why. */
export function renderTrace(trace: Trace, lang: 'en' | 'ru' = 'en'): string {
  const lines: string[] = [];
  const hasOperation = (t: Trace): boolean => t.op !== null || t.children.some(hasOperation);
  const walk = (t: Trace, depth: number) => {
    // Literals say nothing new; a literal list only holds operations (e.g. weighted lines).
    if (t.op === null && depth > 0) {
      for (const child of t.children) if (hasOperation(child)) walk(child, depth);
      return;
    }
    const indent = '  '.repeat(depth);
    const value = t.text ?? formatValue(t.value, lang);
    let line = t.note
      ? `${indent}${t.op}: ${t.note[lang]}`
      : `${indent}${t.op ?? (lang === 'ru' ? 'значение' : 'value')} = ${value}`;
    if (t.error) line += `  ✗ ${t.error.message[lang]}`;
    lines.push(line);
    for (const child of t.children) walk(child, depth + 1);
    if (t.omitted) lines.push(`${indent}  … ${t.omitted} ${lang === 'ru' ? 'ещё не показано' : 'more not shown'}`);
  };
  walk(trace, 0);
  return lines.join('\n');
}
