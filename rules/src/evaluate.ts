// evaluate(): run a rule (or a compiled rule) on a context. Data-shaped trouble (missing values,
// wrong types) follows the documented policy and never throws; see README.md.
import { type CompiledRule, compile, isCompiledRule } from './compile.ts';
import type { Rule } from './types.ts';

/**
 * The rule's value on `context`. Throws RuleError only for an invalid rule (rule.invalid), a
 * `throw` no `try` caught (rule.thrown), a result past a size limit (rule.limit_exceeded) or a
 * context JavaScript cannot convert (rule.evaluation_failed). Compile once to run many times.
 */
export function evaluate(ruleOrCompiled: Rule | CompiledRule, context: unknown): unknown {
  const compiled = isCompiledRule(ruleOrCompiled) ? ruleOrCompiled : compile(ruleOrCompiled);
  return compiled.run(context);
}
