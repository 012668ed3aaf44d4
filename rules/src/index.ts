// The rule language's public API: validate → compile → evaluate → explain, plus references.
// JSON-logic (json-logic-js 2.0.5 semantics) with KPI and money operations; see README.md.

export { type CompiledRule, compile } from './compile.ts';
export { RuleError, RuleErrorCode } from './errors.ts';
export { evaluate } from './evaluate.ts';
export { CURRENCY_MINOR_UNITS, ROUNDING_MODES, type RoundingMode } from './money.ts';
export { listOperations } from './operations/index.ts';
export { references } from './references.ts';
export {
  type KpiCardTemplate,
  type KpiCoefficientsOptions,
  type KpiLine,
  kpiCardTemplates,
  kpiCoefficients,
  type SalaryPlusCommissionOptions,
  salaryPlusCommission,
} from './templates/index.ts';
export { explain, renderTrace } from './trace.ts';
export type {
  CompileOptions,
  KpiFigures,
  Limits,
  Message,
  Problem,
  References,
  Rule,
  RuleContext,
  Trace,
  ValidationResult,
} from './types.ts';
export { DEFAULT_LIMITS, validate } from './validate.ts';
