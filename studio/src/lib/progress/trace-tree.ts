// A payout rule's trace (rules/src/trace.ts: the value of every node evaluated) as a tree of
// sentences a person can follow: "Won deals, amount: 1 840 000 ₽ of plan 2 500 000 ₽ = 73,6 % →
// below the 80 % threshold → coefficient 0". The KPI operations the schemes are built from (money,
// weighted, scale, pct, var of kpi.* and employee.*) get sentences of their own, with money,
// percents and metric names in the reader's language; any other operation says what the rule
// language's own explanation says.
import type { Trace } from '@yardstick/rules';
import type { LocalizedText } from '../api/types.ts';
import { formatMoney } from '../i18n/format.ts';
import type { Locale, MessageKey } from '../i18n/messages.ts';
import { type MessageParams, translate } from '../i18n/translate.ts';
import { formatFigure, formatPercent, type Unit } from './figures.ts';

export interface TraceMetric {
  name: LocalizedText;
  unit: Unit;
}

export interface TraceSettings {
  locale: Locale;
  currency: string;
  /** the metric catalog by key, to name KPI lines and format their figures */
  metrics: ReadonlyMap<string, TraceMetric>;
}

export interface ExplainedStep {
  /** the node's JSON pointer in the rule: stable, unique within a trace */
  id: string;
  text: string;
  /** a line that paid nothing, or reached its cap, or stopped with an error */
  mark: 'zero' | 'capped' | 'error' | null;
  children: ExplainedStep[];
}

interface Reader {
  settings: TraceSettings;
  t(key: MessageKey, params?: MessageParams): string;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A coefficient or a plain number: at most three decimals, in the locale. */
function plain(locale: Locale, value: unknown): string {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) return value === null || value === undefined ? '—' : JSON.stringify(value);
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
    numberFormats.set(locale, format);
  }
  return format.format(n);
}

const asNumber = (value: unknown): number =>
  typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;

/** The dotted path a `var` node read, from its explanation ("kpi.calls.plan = 120"). */
export function varPath(trace: Trace): string | null {
  if (trace.op !== 'var') return null;
  const note = trace.note?.en;
  const match = note ? /^(.*?) = /.exec(note) : null;
  return match?.[1] ?? null;
}

/** `kpi.<metric>.<field>` (also under `team.`) split into its parts. */
function kpiPath(path: string | null): { metric: string; field: string; team: boolean } | null {
  const match = path ? /^(team\.)?kpi\.([^.]+)\.([^.]+)$/.exec(path) : null;
  return match ? { team: match[1] !== undefined, metric: match[2] as string, field: match[3] as string } : null;
}

function metricName(reader: Reader, key: string): string {
  const metric = reader.settings.metrics.get(key);
  return metric ? metric.name[reader.settings.locale] || metric.name.en : key;
}

function metricFigure(reader: Reader, key: string, value: unknown): string {
  const unit = reader.settings.metrics.get(key)?.unit ?? 'count';
  const n = asNumber(value);
  if (!Number.isFinite(n)) return plain(reader.settings.locale, value);
  return formatFigure(reader.settings.locale, unit, n, reader.settings.currency);
}

function money(reader: Reader, value: unknown, currency = reader.settings.currency): string {
  const n = asNumber(value);
  if (!Number.isFinite(n)) return plain(reader.settings.locale, value);
  return formatMoney(reader.settings.locale, String(value), currency);
}

/** The operations below a node, looking through literal lists (the lines of `weighted`). */
function operations(trace: Trace): Trace[] {
  return trace.children.flatMap((child) => (child.op === null ? operations(child) : [child]));
}

/** The literal argument at `index` of an operation (threshold, plan, cap of `scale`). */
function argument(trace: Trace, index: number): unknown {
  return trace.children.find((c) => c.path.endsWith(`/${trace.op}/${index}`))?.value;
}

/** The KPI metric a `pct` of `kpi.M.actual` / `kpi.M.plan` compares, if it is one. */
function attainmentMetric(pct: Trace | undefined): string | null {
  if (pct?.op !== 'pct') return null;
  const [part, whole] = pct.children.map((c) => kpiPath(varPath(c)));
  return part && whole && part.metric === whole.metric && part.field === 'actual' && whole.field === 'plan'
    ? part.metric
    : null;
}

function explainVar(reader: Reader, trace: Trace): string {
  const path = varPath(trace);
  const locale = reader.settings.locale;
  if (path === 'employee.base_bonus')
    return reader.t('employee.trace.baseBonus', { amount: money(reader, trace.value) });
  if (path === 'achievement') return reader.t('employee.trace.achievementVar', { value: plain(locale, trace.value) });
  const kpi = kpiPath(path);
  if (kpi) {
    const metric = metricName(reader, kpi.metric);
    const name = kpi.team ? reader.t('employee.trace.team', { metric }) : metric;
    switch (kpi.field) {
      case 'actual':
        return reader.t('employee.trace.actual', {
          metric: name,
          value: metricFigure(reader, kpi.metric, trace.value),
        });
      case 'plan':
        return reader.t('employee.trace.plan', { metric: name, value: metricFigure(reader, kpi.metric, trace.value) });
      case 'forecast':
        return reader.t('employee.trace.forecast', {
          metric: name,
          value: metricFigure(reader, kpi.metric, trace.value),
        });
      case 'attainment':
        return reader.t('employee.trace.attainment.var', {
          metric: name,
          value: formatPercent(locale, asNumber(trace.value)),
        });
      case 'pace':
        return reader.t('employee.trace.pace', { metric: name, value: formatPercent(locale, asNumber(trace.value)) });
      case 'achievement':
        return reader.t('employee.trace.coefficientOf', { metric: name, value: plain(locale, trace.value) });
    }
  }
  return reader.t('employee.trace.value', { name: path ?? '?', value: plain(locale, trace.value) });
}

function explainPct(reader: Reader, trace: Trace): string {
  const metric = attainmentMetric(trace);
  const [part, whole] = trace.children;
  const share = formatPercent(reader.settings.locale, asNumber(trace.value));
  if (metric) {
    return reader.t('employee.trace.attainment', {
      actual: metricFigure(reader, metric, part?.value),
      plan: metricFigure(reader, metric, whole?.value),
      share,
    });
  }
  return reader.t('employee.trace.share', {
    part: plain(reader.settings.locale, part?.value),
    whole: plain(reader.settings.locale, whole?.value),
    share,
  });
}

function explainScale(reader: Reader, trace: Trace): { text: string; mark: ExplainedStep['mark'] } {
  const locale = reader.settings.locale;
  const input = trace.children.find((c) => c.path.endsWith('/scale/0'));
  const metric = attainmentMetric(input);
  // thresholds of an attainment are shares of the plan; of a raw figure, figures of its metric
  const asShare = input?.op === 'pct';
  const show = (value: unknown) => (asShare ? formatPercent(locale, asNumber(value)) : plain(locale, value));
  const [value, threshold, plan, cap] = [input?.value, argument(trace, 1), argument(trace, 2), argument(trace, 3)].map(
    asNumber,
  ) as [number, number, number, number];
  const result = plain(locale, trace.value);
  let outcome: string;
  let mark: ExplainedStep['mark'] = null;
  if (trace.value === null) outcome = reader.t('employee.trace.scale.none');
  else if (!(plan > 0)) {
    outcome = reader.t('employee.trace.scale.noPlan', { result });
    mark = 'zero';
  } else if (value < threshold) {
    outcome = reader.t('employee.trace.scale.below', { threshold: show(threshold), result });
    mark = 'zero';
  } else if (value >= cap) {
    outcome = reader.t('employee.trace.scale.capped', { cap: show(cap), result });
    mark = 'capped';
  } else {
    outcome = reader.t('employee.trace.scale.between', { threshold: show(threshold), cap: show(cap), result });
  }
  if (metric && input) {
    const [part, whole] = input.children;
    const reached = reader.t('employee.trace.reached', {
      metric: metricName(reader, metric),
      actual: metricFigure(reader, metric, part?.value),
      plan: metricFigure(reader, metric, whole?.value),
      share: formatPercent(locale, asNumber(input.value)),
    });
    return { text: `${reached} → ${outcome}`, mark };
  }
  return { text: `${show(input?.value)} → ${outcome}`, mark };
}

/** Which KPI a weighted line scores: the metric its scale or variable reads. */
function lineMetric(score: Trace | undefined): string | null {
  if (!score) return null;
  const kpi = kpiPath(varPath(score));
  if (kpi) return kpi.metric;
  for (const child of operations(score)) {
    const metric = attainmentMetric(child) ?? lineMetric(child);
    if (metric) return metric;
  }
  return null;
}

function explainWeighted(reader: Reader, trace: Trace): ExplainedStep {
  const locale = reader.settings.locale;
  const lines = trace.children.filter((c) => c.op === null && Array.isArray(c.value) && c.children.length === 2);
  const terms = lines.map((line) => {
    const [weight, score] = line.value as [unknown, unknown];
    return `${formatPercent(locale, asNumber(weight))} × ${plain(locale, score)}`;
  });
  const text =
    trace.value === null
      ? reader.t('employee.trace.weighted.none')
      : reader.t('employee.trace.weighted', { terms: terms.join(' + '), result: plain(locale, trace.value) });
  const children = lines.map((line): ExplainedStep => {
    const [weight, score] = line.value as [unknown, unknown];
    const scoreTrace = line.children[1];
    const metric = lineMetric(scoreTrace);
    const points = asNumber(weight) * asNumber(score);
    const step = reader.t('employee.trace.line', {
      metric: metric ? metricName(reader, metric) : reader.t('employee.trace.lineUnnamed'),
      weight: formatPercent(locale, asNumber(weight)),
      score: plain(locale, score),
      points: plain(locale, Number.isFinite(points) ? points : null),
    });
    const inner = scoreTrace ? [explainStep(reader, scoreTrace)] : [];
    return { id: line.path, text: step, mark: inner[0]?.mark ?? null, children: inner };
  });
  return { id: trace.path, text, mark: null, children };
}

function explainArithmetic(reader: Reader, trace: Trace): string | null {
  const ops = operations(trace);
  const base = ops.find((c) => varPath(c) === 'employee.base_bonus');
  const factor = ops.find((c) => c !== base);
  if (trace.op === '*' && base && factor && ops.length === 2) {
    return reader.t('employee.trace.baseTimes', {
      base: money(reader, base.value),
      factor: plain(reader.settings.locale, factor.value),
      result: money(reader, trace.value),
    });
  }
  return null;
}

function explainStep(reader: Reader, trace: Trace): ExplainedStep {
  const locale = reader.settings.locale;
  let text: string | null = null;
  let mark: ExplainedStep['mark'] = null;
  switch (trace.op) {
    case 'money': {
      const currency = argument(trace, 1);
      text = reader.t('employee.trace.payout', {
        amount: money(reader, trace.value, typeof currency === 'string' ? currency : reader.settings.currency),
      });
      break;
    }
    case 'weighted':
      return withError(reader, trace, explainWeighted(reader, trace));
    case 'scale':
      ({ text, mark } = explainScale(reader, trace));
      break;
    case 'pct':
      text = explainPct(reader, trace);
      break;
    case 'var':
      text = explainVar(reader, trace);
      break;
    case '*':
      text = explainArithmetic(reader, trace);
      break;
  }
  if (text === null) {
    text = trace.note
      ? `${trace.op}: ${trace.note[locale]}`
      : reader.t('employee.trace.value', { name: trace.op ?? '', value: trace.text ?? plain(locale, trace.value) });
  }
  const step: ExplainedStep = {
    id: trace.path,
    text,
    mark,
    children: operations(trace).map((child) => explainStep(reader, child)),
  };
  // an attainment's inputs are already in its sentence: its actual and plan stay as its children
  if (trace.op === 'scale') {
    const input = trace.children.find((c) => c.path.endsWith('/scale/0'));
    if (input && attainmentMetric(input)) step.children = operations(input).map((c) => explainStep(reader, c));
  }
  return withError(reader, trace, step);
}

function withError(reader: Reader, trace: Trace, step: ExplainedStep): ExplainedStep {
  if (!trace.error) return step;
  return {
    ...step,
    text: `${step.text} — ${reader.t('employee.trace.error', { message: trace.error.message[reader.settings.locale] })}`,
    mark: 'error',
  };
}

/** The trace as a tree of readable steps, the payout first. */
export function explainTrace(trace: Trace, settings: TraceSettings): ExplainedStep {
  const reader: Reader = { settings, t: (key, params) => translate(settings.locale, key, params) };
  return explainStep(reader, trace);
}

/** Every step as one indented line: what a screen reader or a copy of the statement reads. */
export function stepsAsText(step: ExplainedStep, depth = 0): string {
  return [`${'  '.repeat(depth)}${step.text}`, ...step.children.map((c) => stepsAsText(c, depth + 1))].join('\n');
}
