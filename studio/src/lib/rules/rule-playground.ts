// The rule playground's one computation: from the two texts a person is editing (a rule and a
// context) to everything the page shows — syntax issues, validation problems and warnings, the
// result, the references and the trace. Runs @yardstick/rules in the browser; never throws.
// Messages stay bilingual ({ en, ru }) so switching the language needs no recomputation.
import {
  compile,
  explain,
  type Message,
  type Problem,
  type References,
  RuleError,
  references,
  type Trace,
  validate,
} from '@yardstick/rules';
import { type JsonText, parseJsonText } from './json-text.ts';

export type RuleOutcome =
  | { kind: 'value'; value: unknown }
  /** The evaluation stopped: a `throw` no `try` caught, a size limit, or data JavaScript refused. */
  | { kind: 'error'; code: string; message: Message | null };

export interface PlaygroundAnalysis {
  rule: JsonText;
  context: JsonText;
  /** Validation problems: while there are any, the rule does not run. */
  problems: Problem[];
  warnings: Problem[];
  references: References | null;
  /** Context paths the rule reads that the context does not hold. */
  absent: string[];
  /** Null until both texts are JSON and the rule is valid. */
  outcome: RuleOutcome | null;
  trace: Trace | null;
}

export function analyzeRule(ruleText: string, contextText: string): PlaygroundAnalysis {
  const rule = parseJsonText(ruleText);
  const context = parseJsonText(contextText);
  const analysis: PlaygroundAnalysis = {
    rule,
    context,
    problems: [],
    warnings: [],
    references: null,
    absent: [],
    outcome: null,
    trace: null,
  };
  if (!rule.ok) return analysis;
  try {
    const validation = validate(rule.value);
    if (!validation.ok) {
      analysis.problems = validation.problems;
      return analysis;
    }
    analysis.warnings = validation.warnings;
    analysis.references = references(rule.value);
    if (!context.ok) return analysis;
    analysis.absent = analysis.references.vars.filter((path) => !hasPath(context.value, path));
    const compiled = compile(rule.value);
    analysis.outcome = run(() => ({ kind: 'value', value: compiled.run(context.value) }));
    analysis.trace = explain(compiled, context.value) ?? null;
  } catch (error) {
    analysis.outcome ??= outcomeOfError(error);
  }
  return analysis;
}

function run(evaluate: () => RuleOutcome): RuleOutcome {
  try {
    return evaluate();
  } catch (error) {
    return outcomeOfError(error);
  }
}

function outcomeOfError(error: unknown): RuleOutcome {
  if (error instanceof RuleError)
    return { kind: 'error', code: error.code, message: error.problems[0]?.message ?? null };
  return { kind: 'error', code: 'client.unexpected', message: null };
}

/** Whether a dot path (as `var` reads it) names an own value of the data, null included. */
export function hasPath(data: unknown, path: string): boolean {
  if (path === '') return true;
  let current = data;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}

/** What kind of value a result is, for a caption a non-programmer can read. */
export type ValueKind = 'amount' | 'number' | 'text' | 'true' | 'false' | 'list' | 'object' | 'empty' | 'notANumber';

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function valueKind(value: unknown): ValueKind {
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : 'notANumber';
  if (typeof value === 'string') return DECIMAL.test(value) ? 'amount' : 'text';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return Array.isArray(value) ? 'list' : 'object';
}

/** A result as JSON would write it, except that NaN and ±Infinity show as themselves. */
export function showValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'null';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
