// Evaluates a scheme version for one employee: KPI achievements, the payout, period alerts and the
// trace. Pure (no I/O, no clock), so the engine (publish, simulate) and the workflows share it.
import { type CompiledRule, compile, evaluate, explain, type Trace } from '@yardstick/rules';
import {
  type AlertSeverity,
  EVALUATION_TRIGGER,
  type GoldenCase,
  type KpiInput,
  type LocalizedText,
  type SchemeDefinition,
} from './scheme-definition.ts';
import { renderTemplate } from './template.ts';

/** The rule context of a period evaluation: plain JSON, money as decimal strings. */
export interface EvaluationContext {
  employee: { id?: string; base_bonus: string; [key: string]: unknown };
  period?: { key: string; start: string; end: string; [key: string]: unknown };
  kpi: Record<string, KpiInput>;
  /** share of the period employed, 0–1, when the scheme prorates by working days */
  proration?: { share: number; workingDays?: number; workedDays?: number };
}

export interface LineAchievement {
  metric: string;
  weight: number;
  actual: number | string | null;
  plan: number | string | null;
  /** actual / plan; 0 when the plan is empty */
  attainment: number | null;
  /** the scaled coefficient (0 below the threshold, at most cap / plan) */
  achievement: number | null;
}

export interface PeriodAlert {
  ruleId: string;
  name: LocalizedText;
  severity: AlertSeverity;
  message: LocalizedText;
}

export interface SchemeEvaluation {
  achievements: LineAchievement[];
  /** Σ weight × achievement over the KPI lines */
  weightedAchievement: number | null;
  /** decimal string rounded to the currency's minor units; null when the rule gave no number */
  payout: string | null;
  currency: string;
  alerts: PeriodAlert[];
  /** the payout rule's trace: the value of every node it evaluated */
  trace: Trace | null;
}

export function evaluateSchemeForEmployee(definition: SchemeDefinition, context: EvaluationContext): SchemeEvaluation {
  return compileScheme(definition).evaluate(context);
}

export interface CompileSchemeOptions {
  /** record the payout rule's trace (default true); without it an evaluation is several times faster */
  trace?: boolean;
}

export interface CompiledScheme {
  evaluate(context: EvaluationContext): SchemeEvaluation;
}

const ATTAINMENT = { pct: [{ var: 'actual' }, { var: 'plan' }] };

/**
 * A definition's rules compiled once, to evaluate many employees (a preview of 1,000 people in the studio, a
 * batch of a close). Throws RuleError when a rule is invalid. `evaluateSchemeForEmployee` is this for one.
 */
export function compileScheme(definition: SchemeDefinition, options: CompileSchemeOptions = {}): CompiledScheme {
  const withTrace = options.trace ?? true;
  const currency = definition.currency ?? 'RUB';
  const lines = definition.kpis ?? [];
  const attainmentRule = compile(ATTAINMENT);
  const lineRules = lines.map((line) =>
    compile({ scale: [ATTAINMENT, line.threshold, line.plan ?? 1, line.cap, line.scale ?? 'linear'] }),
  );
  // Σ weight × achievement, the weights fixed and the achievements read from the context
  // (a scheme of alert rules only has no lines, and no weighted achievement)
  const weightedRule =
    lines.length === 0 ? null : compile({ weighted: lines.map((line, i) => [line.weight, { var: `a.${i}` }]) });
  const payoutRule = definition.payout === null || definition.payout === undefined ? null : compile(definition.payout);
  const roundRule = compile({ round: [{ var: 'v' }, currency] });
  const prorateByDays = compile({ money: [{ '*': [{ var: 'p' }, { '/': [{ var: 'w' }, { var: 't' }] }] }, currency] });
  const prorateByShare = compile({ money: [{ '*': [{ var: 'p' }, { var: 's' }] }, currency] });
  const alertRules = (definition.alertRules ?? [])
    .filter((rule) => rule.on.includes(EVALUATION_TRIGGER))
    .map((rule) => ({ rule, when: compile(rule.when) }));
  const byRole = definition.baseBonusByRole ?? {};

  const money = (value: unknown): string | null => {
    if (typeof value !== 'number' && typeof value !== 'string') return null;
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
    const rounded = roundRule.run({ v: value });
    return typeof rounded === 'string' ? rounded : null;
  };

  return {
    evaluate(given: EvaluationContext): SchemeEvaluation {
      const context = withRoleBaseBonus(given, byRole);
      const achievements = lines.map((line, i): LineAchievement => {
        const figures = context.kpi[line.metric];
        const lineContext = {
          actual: (figures?.actual ?? null) as number | string | null,
          plan: (figures?.plan ?? null) as number | string | null,
        };
        const attainment = attainmentRule.run(lineContext) as number | null;
        const achievement = (lineRules[i] as CompiledRule).run(lineContext) as number | null;
        return { metric: line.metric, weight: line.weight, ...lineContext, attainment, achievement };
      });
      const weightedAchievement = weightedRule
        ? (weightedRule.run({ a: achievements.map((a) => a.achievement) }) as number | null)
        : null;

      // the rule sees the KPI figures with their attainment and each line's achievement
      const kpi: Record<string, Record<string, unknown>> = {};
      for (const [metric, figures] of Object.entries(context.kpi)) {
        kpi[metric] = { ...figures, attainment: attainmentRule.run(figures) };
      }
      for (const a of achievements) kpi[a.metric] = { ...kpi[a.metric], achievement: a.achievement };
      const ruleContext = { ...context, kpi, achievement: weightedAchievement };

      let payout: string | null = null;
      let trace: Trace | null = null;
      if (payoutRule) {
        if (withTrace) {
          trace = explain(payoutRule, ruleContext);
          payout = money(trace.value);
        } else {
          payout = money(runOrNull(payoutRule, ruleContext));
        }
        const proration = context.proration;
        if (payout !== null && definition.proration === 'working-days' && proration && proration.share < 1) {
          // exact decimal arithmetic: worked / total days, not the rounded share
          payout = money(
            proration.workedDays !== undefined && proration.workingDays
              ? prorateByDays.run({ p: payout, w: proration.workedDays, t: proration.workingDays })
              : prorateByShare.run({ p: payout, s: proration.share }),
          );
        }
      }

      const alerts: PeriodAlert[] = [];
      for (const { rule, when } of alertRules) {
        if (when.run(ruleContext) !== true) continue;
        alerts.push({
          ruleId: rule.id,
          name: rule.name,
          severity: rule.severity,
          message: {
            en: renderTemplate(rule.message.en, ruleContext),
            ru: renderTemplate(rule.message.ru, ruleContext),
          },
        });
      }
      return { achievements, weightedAchievement, payout, currency, alerts, trace };
    },
  };
}

/** A rule's value, or null where it throws (explain records the failure in the trace instead). */
function runOrNull(rule: CompiledRule, context: unknown): unknown {
  try {
    return rule.run(context);
  } catch {
    return null;
  }
}

/** The context with the base bonus the scheme sets for the employee's role, when it sets one. */
function withRoleBaseBonus(context: EvaluationContext, byRole: Readonly<Record<string, string>>): EvaluationContext {
  const role = context.employee.role;
  if (typeof role !== 'string' || !Object.hasOwn(byRole, role)) return context;
  return { ...context, employee: { ...context.employee, base_bonus: byRole[role] as string } };
}

/** A number or decimal string rounded to the currency's minor units; anything else is null. */
export function toMoney(value: unknown, currency: string): string | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  const rounded = evaluate({ round: [{ var: 'v' }, currency] }, { v: value });
  return typeof rounded === 'string' ? rounded : null;
}

export interface GoldenCaseResult {
  name: string;
  passed: boolean;
  expected: { payout: string; currency: string };
  actual: { payout: string | null; currency: string };
  trace: Trace | null;
}

/** Runs every golden case of a definition; a case passes when payout and currency match exactly. */
export function runGoldenCases(definition: SchemeDefinition): GoldenCaseResult[] {
  return (definition.goldenCases ?? []).map((golden: GoldenCase) => {
    const result = evaluateSchemeForEmployee(definition, golden.context);
    const expected = toMoney(golden.expected.payout, golden.expected.currency) ?? golden.expected.payout;
    return {
      name: golden.name,
      passed: result.payout === expected && result.currency === golden.expected.currency,
      expected: golden.expected,
      actual: { payout: result.payout, currency: result.currency },
      trace: result.trace,
    };
  });
}

/** Whether a scheme's scope covers an employee: listed by id, or in a listed department and role. */
export function schemeCovers(
  scope: SchemeDefinition['scope'],
  employee: { id: string; role: string },
  departmentKey: string,
): boolean {
  if (scope.employees.includes(employee.id)) return true;
  return (
    (scope.departments.length === 0 || scope.departments.includes(departmentKey)) &&
    (scope.roles.length === 0 || scope.roles.includes(employee.role))
  );
}
