// references(): the context paths a rule reads, so the engine computes only the KPIs it needs.
import type { CompiledRule } from './compile.ts';
import { isCompiledRule } from './compile.ts';
import type { References, Rule } from './types.ts';
import { parseRule } from './validate.ts';

/**
 * Paths read at the root scope (`var` paths, `val` key lists joined with dots, `missing` keys) and
 * the KPI keys among them (`kpi.<key>…`, `team.kpi.<key>…`). `dynamic` is true when some path is
 * computed at run time or the whole context is read, so the lists may be incomplete.
 */
export function references(rule: Rule | CompiledRule): References {
  const source = isCompiledRule(rule) ? rule.rule : rule;
  return parseRule(source).references;
}
