// The scheme definition the designer edits: a plain SchemeDefinition (the type the engine and the workflows
// share), how a new one starts (empty or from a ready-made KPI card), and which metrics it reads.
import { type KpiCardTemplate, kpiCardTemplates, kpiCoefficients, references } from '@yardstick/rules';
import type { GoldenCase, KpiLine, SchemeDefinition } from '@yardstick/workflows/evaluation';

export type { GoldenCase, KpiLine, SchemeDefinition };

export const PERIOD_KINDS = ['month', 'quarter', 'half-year', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const VERSION_STATUSES = ['active', 'pilot', 'draft', 'archived'] as const;

/** A new line starts at "full below 80%, capped at 120%", the usual card. */
export function newKpiLine(metric: string, weight = 0): KpiLine {
  return { metric, weight, threshold: 0.8, plan: 1, cap: 1.2, scale: 'linear' };
}

/** The payout of a KPI card: the base bonus × Σ weight × achievement of its lines, in minor units. */
export function kpiCardPayout(currency: string): unknown {
  return { money: [{ '*': [{ var: 'employee.base_bonus' }, { var: 'achievement' }] }, currency] };
}

export function emptyDefinition(currency = 'RUB'): SchemeDefinition {
  return {
    scope: { departments: [], roles: [], employees: [] },
    periodKind: 'month',
    kpis: [],
    payout: kpiCardPayout(currency),
    currency,
    alertRules: [],
    goldenCases: [],
  };
}

/** A definition from a ready-made card: its KPI lines (where it has them), its rule and its worked example. */
export function definitionFromTemplate(template: KpiCardTemplate, currency = 'RUB'): SchemeDefinition {
  const definition = emptyDefinition(currency);
  definition.payout = structuredClone(template.rule);
  definition.kpis = kpiCoefficientLines(template.rule) ?? [];
  const employee = template.example.context.employee as { base_bonus?: string } | undefined;
  definition.goldenCases = [
    {
      name: template.title.en,
      context: {
        employee: { base_bonus: employee?.base_bonus ?? '0.00' },
        kpi: structuredClone(template.example.context.kpi ?? {}) as GoldenCase['context']['kpi'],
      },
      expected: { payout: template.example.payout, currency },
    },
  ];
  return definition;
}

/**
 * The templates a scheme can start from: those that read only the base bonus and KPIs of the catalog (the
 * engine's rule context has no salary, say).
 */
export function usableTemplates(catalog: readonly string[]): KpiCardTemplate[] {
  return kpiCardTemplates.filter((template) => {
    const read = references(template.rule);
    return (
      read.vars.every((path) => path.startsWith('kpi.') || path === 'employee.base_bonus') &&
      read.kpis.every((key) => catalog.includes(key))
    );
  });
}

/**
 * The KPI lines a «KPI coefficients» payout rule (rules' `kpiCoefficients`) weighs, or null when the rule is
 * not one: money(base_bonus × weighted([weight, scale(pct(kpi.m.actual, kpi.m.plan), threshold, 1, cap, mode)]…)).
 */
export function kpiCoefficientLines(rule: unknown): KpiLine[] | null {
  const money = (rule as { money?: unknown[] } | null)?.money;
  const product = (money?.[0] as { '*'?: unknown[] } | undefined)?.['*'];
  if (!Array.isArray(product) || product.length !== 2) return null;
  if (JSON.stringify(product[0]) !== '{"var":"employee.base_bonus"}') return null;
  const weighted = (product[1] as { weighted?: unknown } | null)?.weighted;
  if (!Array.isArray(weighted)) return null;
  const lines: KpiLine[] = [];
  for (const entry of weighted) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'number') return null;
    const scale = (entry[1] as { scale?: unknown[] } | null)?.scale;
    if (!Array.isArray(scale) || scale.length !== 5) return null;
    const [pct, threshold, plan, cap, mode] = scale;
    const metric = /^kpi\.(.+)\.actual$/.exec(String((pct as { pct?: { var?: string }[] })?.pct?.[0]?.var ?? ''))?.[1];
    const expectedPct = JSON.stringify({ pct: [{ var: `kpi.${metric}.actual` }, { var: `kpi.${metric}.plan` }] });
    if (!metric || JSON.stringify(pct) !== expectedPct) return null;
    if (typeof threshold !== 'number' || plan !== 1 || typeof cap !== 'number') return null;
    if (mode !== 'linear' && mode !== 'stepped') return null;
    lines.push({ metric, weight: entry[0], threshold, cap, scale: mode });
  }
  return lines;
}

/** Whether two lists of KPI lines weigh and scale the same (a missing plan or scale is its default). */
function sameLines(a: readonly KpiLine[], b: readonly KpiLine[]): boolean {
  const norm = (l: KpiLine) => [l.metric, l.weight, l.threshold, l.plan ?? 1, l.cap, l.scale ?? 'linear'].join('|');
  return a.length === b.length && a.every((line, i) => norm(line) === norm(b[i] as KpiLine));
}

/**
 * Whether the payout rule simply pays the KPI card (base bonus × weighted achievement of the lines), so that
 * editing a line must change the rule with it. Such a rule follows the lines; any other is the user's own.
 */
export function payoutFollowsLines(definition: SchemeDefinition): boolean {
  const currency = definition.currency ?? 'RUB';
  if (JSON.stringify(definition.payout) === JSON.stringify(kpiCardPayout(currency))) return true;
  const lines = kpiCoefficientLines(definition.payout);
  const money = (definition.payout as { money?: unknown[] } | null)?.money;
  return lines !== null && money?.[1] === currency && sameLines(lines, definition.kpis);
}

/** The payout that pays these KPI lines: in the card's own «KPI coefficients» form while every plan is 1. */
export function payoutForLines(lines: readonly KpiLine[], currency: string): unknown {
  if (lines.length === 0 || lines.some((l) => (l.plan ?? 1) !== 1)) return kpiCardPayout(currency);
  return kpiCoefficients({
    lines: lines.map((l) => ({
      metric: l.metric,
      weight: l.weight,
      threshold: l.threshold,
      cap: l.cap,
      mode: l.scale ?? 'linear',
    })),
    currency,
  });
}

/** The metric keys the definition reads: its KPI lines and the `kpi.*` its payout and alert rules name. */
export function metricsRead(definition: SchemeDefinition): string[] {
  const keys = new Set(definition.kpis.map((line) => line.metric).filter((m) => m !== ''));
  for (const rule of [definition.payout, ...definition.alertRules.map((a) => a.when)]) {
    if (rule === null || rule === undefined) continue;
    try {
      for (const key of references(rule).kpis) keys.add(key);
    } catch {
      // an invalid rule reads nothing yet; its problems are shown where it is edited
    }
  }
  return [...keys].sort();
}

/** A deep copy to edit, with the optional parts a form binds to filled in. */
export function editable(definition: SchemeDefinition): SchemeDefinition {
  const copy = structuredClone(definition);
  copy.goldenCases ??= [];
  copy.alertRules ??= [];
  copy.kpis ??= [];
  return copy;
}
