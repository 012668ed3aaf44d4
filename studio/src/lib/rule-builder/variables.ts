// The variables a rule may read, as the builder's picker offers them: the scheme's rule context
// (workflows/src/shared/scheme-evaluation.ts: employee, period, kpi figures and achievements,
// proration; events for alert rules) and the event a metric filter sees (engine's event-filter.ts).
import type { Locale } from '../i18n/messages.ts';
import { translate } from '../i18n/translate.ts';

export type VariableType = 'number' | 'money' | 'string' | 'boolean' | 'date';

export interface VariableOption {
  /** the path the rule reads, e.g. `kpi.revenue.attainment` */
  path: string;
  label: string;
  /** options of one group are listed together under its name */
  group?: string;
  type?: VariableType;
}

type Text = { en: string; ru: string } | string;

export interface CatalogMetric {
  key: string;
  name: Text;
  /** the engine's metric unit: count, money, percent, duration */
  unit?: string | null;
}

export interface SchemeVariableOptions {
  /** include the triggering CRM event (alert rules run on events; the payout does not see one) */
  event?: boolean;
}

const nameIn = (text: Text, locale: Locale): string => (typeof text === 'string' ? text : text[locale] || text.en);

/**
 * What a scheme's payout formula and alert rules can read. Every metric of the catalog has its actual,
 * plan and attainment (the engine computes any metric the rule names); the KPI lines of the scheme
 * also have their scaled achievement.
 */
export function schemeVariables(
  kpis: readonly { metric: string }[],
  metrics: readonly CatalogMetric[],
  locale: Locale,
  options: SchemeVariableOptions = {},
): VariableOption[] {
  const m = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => translate(locale, key, params);
  const lines = new Set(kpis.map((line) => line.metric));
  const byKey = new Map(metrics.map((metric) => [metric.key, metric]));
  // the scheme's lines first, in their order, then the rest of the catalog
  const keys = [...new Set([...kpis.map((line) => line.metric), ...metrics.map((metric) => metric.key)])];
  const out: VariableOption[] = [];
  for (const key of keys) {
    const metric = byKey.get(key);
    const name = metric ? nameIn(metric.name, locale) : key;
    const group = m('ruleBuilder.var.group.kpi', { metric: name });
    const amount: VariableType = metric?.unit === 'money' ? 'money' : 'number';
    out.push(
      { path: `kpi.${key}.actual`, label: m('ruleBuilder.var.actual', { metric: name }), group, type: amount },
      { path: `kpi.${key}.plan`, label: m('ruleBuilder.var.plan', { metric: name }), group, type: amount },
      {
        path: `kpi.${key}.attainment`,
        label: m('ruleBuilder.var.attainment', { metric: name }),
        group,
        type: 'number',
      },
    );
    if (lines.has(key)) {
      out.push({
        path: `kpi.${key}.achievement`,
        label: m('ruleBuilder.var.achievement', { metric: name }),
        group,
        type: 'number',
      });
    }
  }
  const scheme = m('ruleBuilder.var.group.scheme');
  if (lines.size > 0) {
    out.push({ path: 'achievement', label: m('ruleBuilder.var.weighted'), group: scheme, type: 'number' });
  }
  const employee = m('ruleBuilder.var.group.employee');
  out.push(
    { path: 'employee.base_bonus', label: m('ruleBuilder.var.baseBonus'), group: employee, type: 'money' },
    { path: 'employee.role', label: m('ruleBuilder.var.role'), group: employee, type: 'string' },
    { path: 'employee.department', label: m('ruleBuilder.var.department'), group: employee, type: 'string' },
    { path: 'employee.id', label: m('ruleBuilder.var.employeeId'), group: employee, type: 'string' },
    { path: 'employee.name', label: m('ruleBuilder.var.employeeName'), group: employee, type: 'string' },
  );
  const period = m('ruleBuilder.var.group.period');
  out.push(
    { path: 'period.key', label: m('ruleBuilder.var.periodKey'), group: period, type: 'string' },
    { path: 'period.start', label: m('ruleBuilder.var.periodStart'), group: period, type: 'date' },
    { path: 'period.end', label: m('ruleBuilder.var.periodEnd'), group: period, type: 'date' },
    { path: 'period.working_days', label: m('ruleBuilder.var.workingDays'), group: period, type: 'number' },
    { path: 'proration.share', label: m('ruleBuilder.var.prorationShare'), group: period, type: 'number' },
    { path: 'proration.workedDays', label: m('ruleBuilder.var.workedDays'), group: period, type: 'number' },
  );
  if (options.event) out.push(...eventVariables('event.', locale, m('ruleBuilder.var.group.event')));
  return out;
}

function eventVariables(prefix: string, locale: Locale, group: string): VariableOption[] {
  const m = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  return [
    { path: `${prefix}type`, label: m('ruleBuilder.var.eventType'), group, type: 'string' },
    { path: `${prefix}amount`, label: m('ruleBuilder.var.eventAmount'), group, type: 'money' },
    { path: `${prefix}currency`, label: m('ruleBuilder.var.eventCurrency'), group, type: 'string' },
    { path: `${prefix}externalId`, label: m('ruleBuilder.var.eventExternalId'), group, type: 'string' },
    { path: `${prefix}occurredAt`, label: m('ruleBuilder.var.eventOccurredAt'), group, type: 'date' },
  ];
}

/** What a metric's event filter can read: the event's fields and the CRM attributes given. */
export function eventFilterVariables(attributeKeys: readonly string[], locale: Locale = 'en'): VariableOption[] {
  const group = translate(locale, 'ruleBuilder.var.group.event');
  const attributes = translate(locale, 'ruleBuilder.var.group.attributes');
  return [
    ...eventVariables('', locale, group),
    ...[...new Set(attributeKeys)]
      .filter((key) => /^[A-Za-z0-9_-]+$/.test(key))
      .map((key): VariableOption => ({ path: `attributes.${key}`, label: key, group: attributes })),
  ];
}

/** The options whose label or path contains every word typed, best first: path prefix, then label. */
export function searchVariables(options: readonly VariableOption[], query: string): VariableOption[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...options];
  const matches = options.filter((option) => {
    const haystack = `${option.label} ${option.path} ${option.group ?? ''}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
  const first = words[0] ?? '';
  const rank = (option: VariableOption) =>
    option.path.toLowerCase().startsWith(first) ? 0 : option.label.toLowerCase().startsWith(first) ? 1 : 2;
  // stable: equal ranks keep the catalog's order (and so its groups)
  return matches
    .map((option, i) => ({ option, i }))
    .sort((a, b) => rank(a.option) - rank(b.option) || a.i - b.i)
    .map((x) => x.option);
}

/** Options grouped in first-seen order of their group, for the listbox. */
export function groupVariables(options: readonly VariableOption[]): { group: string; options: VariableOption[] }[] {
  const groups = new Map<string, VariableOption[]>();
  for (const option of options) {
    const key = option.group ?? '';
    const list = groups.get(key);
    if (list) list.push(option);
    else groups.set(key, [option]);
  }
  return [...groups].map(([group, list]) => ({ group, options: list }));
}

/**
 * The paths of an example context, for a rule tried on it (the playground): every value that is not
 * an object, grouped by the context's top-level key and typed by its value. Lists are left whole.
 */
export function contextVariables(context: unknown, limit = 500): VariableOption[] {
  const out: VariableOption[] = [];
  const visit = (value: unknown, path: string[]): void => {
    if (out.length >= limit) return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (/^[\w$-]+$/.test(key)) visit(item, [...path, key]);
      }
      return;
    }
    if (path.length === 0) return;
    const type: VariableType | undefined =
      typeof value === 'number'
        ? 'number'
        : typeof value === 'boolean'
          ? 'boolean'
          : typeof value === 'string'
            ? DECIMAL.test(value)
              ? 'money'
              : ISO_DATE.test(value)
                ? 'date'
                : 'string'
            : undefined;
    const joined = path.join('.');
    out.push({ path: joined, label: joined, group: path[0], ...(type ? { type } : {}) });
  };
  visit(context, []);
  return out;
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;
