// What-if: the payout of one example employee as their attainment moves, for every KPI line at once or for
// one line, the others kept as they are. The same compiled scheme the preview runs, evaluated per point.
import { compileScheme, type EvaluationContext, type SchemeDefinition } from '@yardstick/workflows/evaluation';

export interface CurvePoint {
  /** the attainment (actual / plan) set on the moved lines */
  attainment: number;
  /** the payout as a number for drawing; null where the rule gives none */
  payout: number | null;
  /** the payout as the rule gives it, a decimal string */
  amount: string | null;
}

export interface WhatIfOptions {
  /** the line to move; null moves every KPI line */
  metric: string | null;
  /** the highest attainment drawn (default: a little past the highest cap, at least 150%) */
  max?: number;
  /** points on the curve (default 61) */
  steps?: number;
}

/** The example's context with the moved lines at `attainment`: actual = plan × attainment (plan 1 when unset). */
export function atAttainment(
  definition: SchemeDefinition,
  context: EvaluationContext,
  metric: string | null,
  attainment: number,
): EvaluationContext {
  const kpi = { ...context.kpi };
  for (const line of definition.kpis) {
    if (metric !== null && line.metric !== metric) continue;
    const figures = kpi[line.metric];
    const plan = Number(figures?.plan ?? 0) > 0 ? Number(figures?.plan) : 1;
    kpi[line.metric] = { ...figures, plan, actual: plan * attainment };
  }
  return { ...context, kpi };
}

/** Where the example stands now: the moved line's attainment, or the lines' weighted attainment. */
export function currentAttainment(
  definition: SchemeDefinition,
  context: EvaluationContext,
  metric: string | null,
): number {
  const attainment = (m: string) => {
    const f = context.kpi[m];
    const plan = Number(f?.plan ?? 0);
    return plan > 0 ? Number(f?.actual ?? 0) / plan : 0;
  };
  if (metric !== null) return attainment(metric);
  const lines = definition.kpis;
  const weight = lines.reduce((sum, l) => sum + l.weight, 0);
  if (lines.length === 0 || weight === 0) return 1;
  return lines.reduce((sum, l) => sum + l.weight * attainment(l.metric), 0) / weight;
}

export function defaultMax(definition: SchemeDefinition): number {
  const caps = definition.kpis.map((l) => l.cap / (l.plan ?? 1));
  return Math.max(1.5, ...caps.map((c) => Math.ceil((c + 0.2) * 10) / 10));
}

/** The payout curve; empty when the definition's rules do not compile. */
export function payoutCurve(
  definition: SchemeDefinition,
  context: EvaluationContext,
  options: WhatIfOptions,
): CurvePoint[] {
  let scheme: ReturnType<typeof compileScheme>;
  try {
    scheme = compileScheme(definition, { trace: false });
  } catch {
    return [];
  }
  const max = options.max ?? defaultMax(definition);
  const steps = options.steps ?? 61;
  const points: CurvePoint[] = [];
  for (let i = 0; i < steps; i++) {
    const attainment = Math.round(((max * i) / (steps - 1)) * 10_000) / 10_000;
    points.push(pointAt(scheme, definition, context, options.metric, attainment));
  }
  return points;
}

export function payoutAt(
  definition: SchemeDefinition,
  context: EvaluationContext,
  metric: string | null,
  attainment: number,
): CurvePoint {
  try {
    return pointAt(compileScheme(definition, { trace: false }), definition, context, metric, attainment);
  } catch {
    return { attainment, payout: null, amount: null };
  }
}

function pointAt(
  scheme: ReturnType<typeof compileScheme>,
  definition: SchemeDefinition,
  context: EvaluationContext,
  metric: string | null,
  attainment: number,
): CurvePoint {
  try {
    const { payout } = scheme.evaluate(atAttainment(definition, context, metric, attainment));
    return { attainment, payout: payout === null ? null : Number(payout), amount: payout };
  } catch {
    return { attainment, payout: null, amount: null };
  }
}
