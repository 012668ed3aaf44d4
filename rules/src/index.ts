// The rule language's public API: validate, compile, evaluate, explain, references.
// This first cut delegates evaluation to json-logic-js; the KPI operations arrive with issue 3.
import jsonLogic from 'json-logic-js';

export type Rule = unknown;

export interface Problem {
  /** JSON pointer into the rule, '' for the root */
  path: string;
  code: string;
  message: { en: string; ru: string };
}

export type ValidationResult = { ok: true; warnings: Problem[] } | { ok: false; problems: Problem[] };

export interface CompileOptions {
  /** Known metric keys; a reference to any other KPI is a problem. */
  catalog?: readonly string[];
}

export class RuleError extends Error {
  readonly code: string;
  readonly problems: Problem[];
  constructor(code: string, problems: Problem[]) {
    super(problems.map((p) => `${p.path || '/'}: ${p.message.en}`).join('; ') || code);
    this.name = 'RuleError';
    this.code = code;
    this.problems = problems;
  }
}

export interface CompiledRule {
  readonly rule: Rule;
  run(context: unknown): unknown;
}

const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

function collectProblems(rule: Rule, path: string, problems: Problem[]): void {
  if (Array.isArray(rule)) {
    for (const [i, item] of rule.entries()) collectProblems(item, `${path}/${i}`, problems);
    return;
  }
  if (rule === null || typeof rule !== 'object') return;
  const keys = Object.keys(rule);
  if (keys.length !== 1) {
    problems.push({
      path,
      code: 'rule.operation_shape',
      message: {
        en: 'An operation is an object with exactly one key',
        ru: 'Операция — это объект ровно с одним ключом',
      },
    });
    return;
  }
  const op = keys[0] as string;
  if (!isKnownOperation(op)) {
    problems.push({
      path: `${path}/${escapePointer(op)}`,
      code: 'rule.unknown_operation',
      message: { en: `Unknown operation "${op}"`, ru: `Неизвестная операция «${op}»` },
    });
    return;
  }
  collectProblems((rule as Record<string, unknown>)[op], `${path}/${escapePointer(op)}`, problems);
}

// The operations json-logic-js 2.0.5 implements, less `log` (I/O) and `method` (calls arbitrary
// methods on data), which are unsafe in rules written by users.
const JSON_LOGIC_OPERATIONS = new Set([
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  '!!',
  '!',
  '%',
  'in',
  'cat',
  'substr',
  '+',
  '*',
  '-',
  '/',
  'min',
  'max',
  'merge',
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  'and',
  'or',
  'filter',
  'map',
  'reduce',
  'all',
  'none',
  'some',
]);

function isKnownOperation(op: string): boolean {
  return JSON_LOGIC_OPERATIONS.has(op);
}

export function validate(rule: Rule, _options: CompileOptions = {}): ValidationResult {
  const problems: Problem[] = [];
  collectProblems(rule, '', problems);
  return problems.length === 0 ? { ok: true, warnings: [] } : { ok: false, problems };
}

export function compile(rule: Rule, options: CompileOptions = {}): CompiledRule {
  const result = validate(rule, options);
  if (!result.ok) throw new RuleError('rule.invalid', result.problems);
  return { rule, run: (context) => jsonLogic.apply(rule as never, context) };
}

export function evaluate(ruleOrCompiled: Rule | CompiledRule, context: unknown): unknown {
  const compiled = isCompiled(ruleOrCompiled) ? ruleOrCompiled : compile(ruleOrCompiled);
  return compiled.run(context);
}

function isCompiled(value: unknown): value is CompiledRule {
  return typeof value === 'object' && value !== null && typeof (value as CompiledRule).run === 'function';
}
