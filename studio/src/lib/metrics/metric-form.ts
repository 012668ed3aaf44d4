// The metric editor's form: a metric as editable fields, the request body it becomes, and where the
// engine's 422 problems belong (a field of the form, the filter's builder, or above the form).
import type { Metric, MetricInput, MetricPatch } from '../api/metrics.ts';
import type { ValidationIssue } from '../api/types.ts';

export const AGGREGATIONS = ['count', 'sum', 'avg', 'distinct', 'ratio', 'duration', 'formula'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const UNITS = ['count', 'money', 'percent', 'duration'] as const;
export type MetricUnit = (typeof UNITS)[number];
export const DIRECTIONS = ['higher', 'lower'] as const;
export const VISIBILITIES = ['full', 'bands', 'hidden'] as const;

/** The fields sum/avg may aggregate, and distinct besides the attributes. */
export const NUMBER_FIELDS = ['amount'] as const;
export const TEXT_FIELDS = ['type', 'externalId', 'currency', 'amount'] as const;

/** What each aggregation needs beyond the filter. */
export function needsField(aggregation: Aggregation): boolean {
  return aggregation === 'sum' || aggregation === 'avg' || aggregation === 'distinct';
}

/** Which aggregations read events (and so take a filter): ratio and formula combine other metrics. */
export function readsEvents(aggregation: Aggregation): boolean {
  return aggregation !== 'ratio' && aggregation !== 'formula';
}

export interface MetricForm {
  key: string;
  nameEn: string;
  nameRu: string;
  aggregation: Aggregation;
  field: string;
  /** the event filter (JSON-logic); null: every event */
  filter: unknown;
  unit: MetricUnit;
  direction: 'higher' | 'lower';
  /** thresholds as percent of pace, typed: "100" means on track at pace */
  onTrack: string;
  atRisk: string;
  visibility: (typeof VISIBILITIES)[number];
  /** ratio */
  numerator: string;
  denominator: string;
  /** duration */
  startType: string;
  endType: string;
  pairKey: string;
  durationUnit: 'hours' | 'days';
  /** formula: the rule (JSON-logic over kpi.<key>.actual) */
  formula: unknown;
}

const percentText = (fraction: number) => String(Math.round(fraction * 10000) / 100);

export function emptyForm(): MetricForm {
  return {
    key: '',
    nameEn: '',
    nameRu: '',
    aggregation: 'count',
    field: '',
    filter: { '==': [{ var: 'type' }, 'deal.won'] },
    unit: 'count',
    direction: 'higher',
    onTrack: '100',
    atRisk: '80',
    visibility: 'full',
    numerator: '',
    denominator: '',
    startType: '',
    endType: '',
    pairKey: 'externalId',
    durationUnit: 'hours',
    formula: null,
  };
}

export function formOf(metric: Metric): MetricForm {
  const params = (metric.params ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    key: metric.key,
    nameEn: metric.name.en,
    nameRu: metric.name.ru,
    aggregation: metric.aggregation,
    field: metric.field ?? '',
    filter: metric.filter ?? null,
    unit: metric.unit,
    direction: metric.direction,
    onTrack: percentText(metric.thresholds.onTrack),
    atRisk: percentText(metric.thresholds.atRisk),
    visibility: metric.visibility,
    numerator: text(params.numerator),
    denominator: text(params.denominator),
    startType: text(params.startType),
    endType: text(params.endType),
    pairKey: text(params.key) || 'externalId',
    durationUnit: params.unit === 'days' ? 'days' : 'hours',
    formula: 'rule' in params ? params.rule : null,
  };
}

export type FormProblem = { path: string; key: 'required' | 'keyFormat' | 'threshold' | 'thresholdOrder' };

/** What the form can tell before sending: a key, names, thresholds that make sense. */
export function checkForm(form: MetricForm, isNew: boolean): FormProblem[] {
  const problems: FormProblem[] = [];
  if (isNew && !/^[a-z][a-z0-9_]{0,63}$/.test(form.key)) {
    problems.push({ path: '/key', key: form.key === '' ? 'required' : 'keyFormat' });
  }
  if (form.nameEn.trim() === '') problems.push({ path: '/name/en', key: 'required' });
  if (form.nameRu.trim() === '') problems.push({ path: '/name/ru', key: 'required' });
  const onTrack = Number(form.onTrack.replace(',', '.'));
  const atRisk = Number(form.atRisk.replace(',', '.'));
  const valid = (n: number) => Number.isFinite(n) && n > 0 && n <= 1000;
  if (!valid(onTrack)) problems.push({ path: '/thresholds/onTrack', key: 'threshold' });
  if (!valid(atRisk)) problems.push({ path: '/thresholds/atRisk', key: 'threshold' });
  else if (valid(onTrack) && atRisk > onTrack) problems.push({ path: '/thresholds/atRisk', key: 'thresholdOrder' });
  return problems;
}

function paramsOf(form: MetricForm): Record<string, unknown> | null {
  switch (form.aggregation) {
    case 'ratio':
      return { numerator: form.numerator, denominator: form.denominator };
    case 'duration':
      return {
        startType: form.startType.trim(),
        endType: form.endType.trim(),
        key: form.pairKey.trim(),
        unit: form.durationUnit,
      };
    case 'formula':
      return { rule: form.formula };
    default:
      return null;
  }
}

function definitionOf(form: MetricForm): Omit<MetricInput, 'key'> {
  const fraction = (text: string) => Math.round(Number(text.replace(',', '.')) * 100) / 10000;
  return {
    name: { en: form.nameEn.trim(), ru: form.nameRu.trim() },
    aggregation: form.aggregation,
    field: needsField(form.aggregation) ? form.field.trim() || null : null,
    filter: readsEvents(form.aggregation) ? form.filter : null,
    params: paramsOf(form),
    unit: form.unit,
    direction: form.direction,
    thresholds: { onTrack: fraction(form.onTrack), atRisk: fraction(form.atRisk) },
    visibility: form.visibility,
  };
}

export function createBody(form: MetricForm): MetricInput {
  return { key: form.key.trim(), ...definitionOf(form) };
}

export function patchBody(form: MetricForm): MetricPatch {
  return definitionOf(form);
}

export interface PlacedProblems {
  /** by form path: `/key`, `/name/en`, `/field`, `/params/numerator`, `/thresholds/atRisk` … */
  fields: Record<string, string>;
  /** problems inside the filter, with paths relative to it (`/==/1`) */
  filter: ValidationIssue[];
  /** problems inside the formula rule, relative to it */
  formula: ValidationIssue[];
  other: ValidationIssue[];
}

const FIELD_PATHS =
  /^\/(key|name\/(en|ru)|name|field|unit|direction|visibility|thresholds\/(onTrack|atRisk)|thresholds|params\/(numerator|denominator|startType|endType|key|unit)|params)$/;

export function placeProblems(issues: readonly ValidationIssue[]): PlacedProblems {
  const placed: PlacedProblems = { fields: {}, filter: [], formula: [], other: [] };
  for (const issue of issues) {
    if (issue.path === '/filter' || issue.path.startsWith('/filter/')) {
      placed.filter.push({ path: issue.path.slice('/filter'.length), message: issue.message });
    } else if (issue.path === '/params/rule' || issue.path.startsWith('/params/rule/')) {
      placed.formula.push({ path: issue.path.slice('/params/rule'.length), message: issue.message });
    } else if (FIELD_PATHS.test(issue.path)) {
      placed.fields[issue.path] ??= issue.message;
    } else {
      placed.other.push(issue);
    }
  }
  return placed;
}

/** Attribute keys the catalog already reads (in fields, filters and duration params): the builder offers them. */
export function attributeKeysOf(metrics: readonly Pick<Metric, 'field' | 'filter' | 'params'>[]): string[] {
  const keys = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      const match = /^attributes\.([A-Za-z0-9_-]+)$/.exec(node);
      if (match) keys.add(match[1] as string);
    } else if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') Object.values(node).forEach(visit);
  };
  for (const metric of metrics) {
    visit(metric.field);
    visit(metric.filter);
    visit(metric.params);
  }
  return [...keys].sort();
}

/** Why the engine refused to delete a metric (409 metric.in_use): plans, or metrics built on it. */
export function inUseReason(details: unknown): { plans: number } | { metrics: string[] } | null {
  if (!details || typeof details !== 'object') return null;
  const d = details as { plans?: unknown; metrics?: unknown };
  if (typeof d.plans === 'number') return { plans: d.plans };
  if (Array.isArray(d.metrics)) return { metrics: d.metrics.filter((m): m is string => typeof m === 'string') };
  return null;
}
