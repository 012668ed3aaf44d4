// What changed between two versions of a scheme, in terms HR reads: KPI lines added, removed or re-weighted,
// the payout rule's changed parts (JSON pointer, before and after), alert rules, golden cases and settings.
import type { SchemeDefinition } from '@yardstick/workflows/evaluation';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** One part of a rule that changed: where (JSON pointer into the rule) and its JSON before and after. */
export interface RuleChange {
  path: string;
  before: unknown;
  after: unknown;
}

export type VersionChange =
  | { kind: 'setting'; field: 'periodKind' | 'currency' | 'leaderboard' | 'proration'; before: unknown; after: unknown }
  | { kind: 'scope'; field: 'departments' | 'roles' | 'employees'; added: string[]; removed: string[] }
  | { kind: 'kpi.added'; metric: string; weight: number }
  | { kind: 'kpi.removed'; metric: string; weight: number }
  | { kind: 'kpi.changed'; metric: string; fields: FieldChange[] }
  | { kind: 'kpi.order'; before: string[]; after: string[] }
  | { kind: 'baseBonus'; role: string; before: string | null; after: string | null }
  | { kind: 'payout'; changes: RuleChange[] }
  | { kind: 'alert.added' | 'alert.removed'; id: string; name: { en: string; ru: string } }
  | { kind: 'alert.changed'; id: string; name: { en: string; ru: string }; fields: string[]; rule: RuleChange[] }
  | { kind: 'golden.added' | 'golden.removed'; name: string }
  | { kind: 'golden.changed'; name: string; fields: string[] }
  | { kind: 'reviewPolicy'; fields: FieldChange[] };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Every change from `before` to `after`, in the order of the designer's sections. */
export function diffDefinitions(before: SchemeDefinition, after: SchemeDefinition): VersionChange[] {
  const changes: VersionChange[] = [];
  for (const field of ['periodKind', 'currency', 'leaderboard', 'proration'] as const) {
    if (!same(before[field], after[field]))
      changes.push({ kind: 'setting', field, before: before[field], after: after[field] });
  }
  for (const field of ['departments', 'roles', 'employees'] as const) {
    const was = before.scope[field] ?? [];
    const is = after.scope[field] ?? [];
    const added = is.filter((x) => !was.includes(x));
    const removed = was.filter((x) => !is.includes(x));
    if (added.length > 0 || removed.length > 0) changes.push({ kind: 'scope', field, added, removed });
  }
  changes.push(...kpiChanges(before, after));
  const roles = new Set([...Object.keys(before.baseBonusByRole ?? {}), ...Object.keys(after.baseBonusByRole ?? {})]);
  for (const role of [...roles].sort()) {
    const was = before.baseBonusByRole?.[role] ?? null;
    const is = after.baseBonusByRole?.[role] ?? null;
    if (was !== is) changes.push({ kind: 'baseBonus', role, before: was, after: is });
  }
  const payout = diffRule(before.payout, after.payout);
  if (payout.length > 0) changes.push({ kind: 'payout', changes: payout });
  changes.push(...alertChanges(before, after));
  changes.push(...goldenChanges(before, after));
  const policy = fieldChanges(before.reviewPolicy ?? {}, after.reviewPolicy ?? {});
  if (policy.length > 0) changes.push({ kind: 'reviewPolicy', fields: policy });
  return changes;
}

function kpiChanges(before: SchemeDefinition, after: SchemeDefinition): VersionChange[] {
  const changes: VersionChange[] = [];
  const was = new Map(before.kpis.map((l) => [l.metric, l]));
  const is = new Map(after.kpis.map((l) => [l.metric, l]));
  for (const line of before.kpis) {
    if (!is.has(line.metric)) changes.push({ kind: 'kpi.removed', metric: line.metric, weight: line.weight });
  }
  for (const line of after.kpis) {
    const old = was.get(line.metric);
    if (!old) {
      changes.push({ kind: 'kpi.added', metric: line.metric, weight: line.weight });
      continue;
    }
    const normal = (l: typeof line) => ({
      weight: l.weight,
      threshold: l.threshold,
      plan: l.plan ?? 1,
      cap: l.cap,
      scale: l.scale ?? 'linear',
    });
    const fields = fieldChanges(normal(old), normal(line));
    if (fields.length > 0) changes.push({ kind: 'kpi.changed', metric: line.metric, fields });
  }
  const kept = (lines: typeof before.kpis, other: Map<string, unknown>) =>
    lines.map((l) => l.metric).filter((m) => other.has(m));
  const order = { before: kept(before.kpis, is), after: kept(after.kpis, was) };
  if (!same(order.before, order.after)) changes.push({ kind: 'kpi.order', ...order });
  return changes;
}

function alertChanges(before: SchemeDefinition, after: SchemeDefinition): VersionChange[] {
  const changes: VersionChange[] = [];
  const was = new Map((before.alertRules ?? []).map((a) => [a.id, a]));
  const is = new Map((after.alertRules ?? []).map((a) => [a.id, a]));
  for (const [id, alert] of was) if (!is.has(id)) changes.push({ kind: 'alert.removed', id, name: alert.name });
  for (const [id, alert] of is) {
    const old = was.get(id);
    if (!old) {
      changes.push({ kind: 'alert.added', id, name: alert.name });
      continue;
    }
    const fields = (['name', 'on', 'severity', 'message'] as const).filter((f) => !same(old[f], alert[f]));
    const rule = diffRule(old.when, alert.when);
    if (rule.length > 0) fields.push('when' as never);
    if (fields.length > 0) changes.push({ kind: 'alert.changed', id, name: alert.name, fields, rule });
  }
  return changes;
}

function goldenChanges(before: SchemeDefinition, after: SchemeDefinition): VersionChange[] {
  const changes: VersionChange[] = [];
  const was = new Map((before.goldenCases ?? []).map((g) => [g.name, g]));
  const is = new Map((after.goldenCases ?? []).map((g) => [g.name, g]));
  for (const name of was.keys()) if (!is.has(name)) changes.push({ kind: 'golden.removed', name });
  for (const [name, golden] of is) {
    const old = was.get(name);
    if (!old) {
      changes.push({ kind: 'golden.added', name });
      continue;
    }
    const fields: string[] = [];
    if (!same(old.context.employee, golden.context.employee)) fields.push('employee');
    if (!same(old.context.kpi, golden.context.kpi)) fields.push('kpi');
    if (!same(old.expected, golden.expected)) fields.push('expected');
    if (fields.length > 0) changes.push({ kind: 'golden.changed', name, fields });
  }
  return changes;
}

function fieldChanges(before: object, after: object): FieldChange[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return fields.filter((f) => !same(a[f], b[f])).map((field) => ({ field, before: a[field], after: b[field] }));
}

const pointerKey = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The smallest changed parts of a JSON-logic rule: two operations with the same name are compared argument by
 * argument, lists of the same length item by item; anything else that differs is one change at its pointer.
 */
export function diffRule(before: unknown, after: unknown, path = ''): RuleChange[] {
  if (same(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => diffRule(item, after[i], `${path}/${i}`));
  }
  if (isObject(before) && isObject(after)) {
    const keys = Object.keys(before);
    const other = Object.keys(after);
    // one operation each, the same one: compare its arguments
    if (keys.length === 1 && other.length === 1 && keys[0] === other[0]) {
      const op = keys[0] as string;
      return diffRule(before[op], after[op], `${path}/${pointerKey(op)}`);
    }
  }
  return [{ path, before, after }];
}

/** A short one-line JSON for showing a rule part in a list. */
export function compactJson(value: unknown, max = 120): string {
  const text = value === undefined ? '—' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
