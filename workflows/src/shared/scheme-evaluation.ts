// Evaluates a scheme version for one employee: KPI achievements, the payout, period alerts and the
// trace. Pure (no I/O, no clock), so the engine (publish, simulate) and the workflows share it.
import { evaluate, explain, type Trace } from '@yardstick/rules';
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
  const currency = definition.currency ?? 'RUB';
  const achievements = (definition.kpis ?? []).map((line): LineAchievement => {
    const figures = context.kpi[line.metric];
    const lineContext = {
      actual: (figures?.actual ?? null) as number | string | null,
      plan: (figures?.plan ?? null) as number | string | null,
    };
    const attainment = evaluate({ pct: [{ var: 'actual' }, { var: 'plan' }] }, lineContext) as number | null;
    const achievement = evaluate(
      {
        scale: [
          { pct: [{ var: 'actual' }, { var: 'plan' }] },
          line.threshold,
          line.plan ?? 1,
          line.cap,
          line.scale ?? 'linear',
        ],
      },
      lineContext,
    ) as number | null;
    return { metric: line.metric, weight: line.weight, ...lineContext, attainment, achievement };
  });
  const weightedAchievement =
    achievements.length === 0
      ? null
      : (evaluate({ weighted: achievements.map((a) => [a.weight, a.achievement]) }, {}) as number | null);

  // the rule sees the KPI figures with their attainment and each line's achievement
  const kpi: Record<string, Record<string, unknown>> = {};
  for (const [metric, figures] of Object.entries(context.kpi)) {
    kpi[metric] = {
      ...figures,
      attainment: evaluate({ pct: [{ var: 'actual' }, { var: 'plan' }] }, figures),
    };
  }
  for (const a of achievements) kpi[a.metric] = { ...kpi[a.metric], achievement: a.achievement };
  const ruleContext = { ...context, kpi, achievement: weightedAchievement };

  let payout: string | null = null;
  let trace: Trace | null = null;
  if (definition.payout !== null && definition.payout !== undefined) {
    trace = explain(definition.payout, ruleContext);
    payout = toMoney(trace.value, currency);
    const proration = context.proration;
    if (payout !== null && definition.proration === 'working-days' && proration && proration.share < 1) {
      // exact decimal arithmetic: worked / total days, not the rounded share
      const factor =
        proration.workedDays !== undefined && proration.workingDays
          ? { '/': [proration.workedDays, proration.workingDays] }
          : proration.share;
      payout = toMoney(evaluate({ money: [{ '*': [payout, factor] }, currency] }, {}), currency);
    }
  }

  const alerts: PeriodAlert[] = [];
  for (const rule of definition.alertRules ?? []) {
    if (!rule.on.includes(EVALUATION_TRIGGER)) continue;
    if (evaluate(rule.when, ruleContext) !== true) continue;
    alerts.push({
      ruleId: rule.id,
      name: rule.name,
      severity: rule.severity,
      message: { en: renderTemplate(rule.message.en, ruleContext), ru: renderTemplate(rule.message.ru, ruleContext) },
    });
  }
  return { achievements, weightedAchievement, payout, currency, alerts, trace };
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
