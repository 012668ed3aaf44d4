// Metric actuals per employee for a period, aggregated in SQL: one GROUP BY employee over the event
// table for every count/sum/avg metric whose filter compiles to SQL, one query per distinct and
// duration metric, and a single streaming pass (batches, filters run by @yardstick/rules) for the rest.
// Ratio and formula metrics combine the actuals of the metrics they name.
import type { EntityManager } from '@mikro-orm/sql';
import { compile } from '@yardstick/rules';
import { DEAL_ATTRIBUTE } from '@yardstick/workflows/shared';
import type { Metric } from '../../db/entities/metric.entity.ts';
import type { Dialect } from '../../db/migrations/dialect.ts';
import { type Period, periodRange } from '../../domain/period.ts';
import { minorDigits } from '../../lib/money.ts';
import { toMillis } from '../../lib/sql-time.ts';

// minorDigits builds an Intl.NumberFormat; once per currency, not once per employee or event
const digitsCache = new Map<string, number>();
function digitsOf(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = minorDigits(currency);
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** fromMinor with the digits known: "123456", 2 → "1234.56". */
function formatMinor(minor: bigint, digits: number): string {
  if (digits === 0) return minor.toString();
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

import {
  attributeNumber,
  compileFilterToSql,
  type FilterEvent,
  instantParam,
  type SqlCondition,
  streamingFilter,
} from './event-filter.ts';

export interface ActualValue {
  /** the value as a number (money in major units); null when undefined (no events for avg, 0 denominator) */
  value: number | null;
  /** money as an exact decimal string in the organization's currency */
  money: string | null;
}

export interface MetricActuals {
  forEmployee(id: string): ActualValue;
  /** the metric over a group of employees: sums add, averages and ratios are recomputed, not averaged */
  forEmployees(ids: readonly string[]): ActualValue;
}

export interface ActualsRequest {
  /** every metric, by key: ratio and formula metrics read the metrics they name from here */
  catalog: ReadonlyMap<string, Metric>;
  /** the keys wanted */
  keys: readonly string[];
  period: Period;
  timeZone: string;
  currency: string;
  dialect: Dialect;
  /** restrict to these employees; undefined = every employee */
  employeeIds?: readonly string[];
  /** leave out every event of these deals (a clawback recomputes a paid period without the reversed deal) */
  excludeDeals?: readonly DealRef[];
  /** evaluate every filter in the streaming pass (tests compare the two paths) */
  forceStreaming?: boolean;
  batchSize?: number;
}

/** A CRM deal: the adapters name it in `attributes.dealId`; ids are unique within a source. */
export interface DealRef {
  source: string;
  deal: string;
}

type Acc =
  | { kind: 'count'; n: number }
  | { kind: 'minor'; minor: bigint; n: number }
  | { kind: 'number'; sum: number; n: number }
  | { kind: 'set'; values: Set<string> }
  | { kind: 'duration'; ms: number; n: number };

const CUMULATIVE = new Set(['count', 'sum', 'distinct']);
/** Whether the metric accumulates through a period (so pace and run-rate apply) or is a rate. */
export const isCumulative = (metric: Metric) => CUMULATIVE.has(metric.aggregation);

export const isMoneyField = (metric: Metric) =>
  (metric.aggregation === 'sum' || metric.aggregation === 'avg') && metric.field === 'amount';

/** Base metrics a metric needs computed, itself included (ratio/formula expand to their parts). */
export function baseMetricsOf(key: string, catalog: ReadonlyMap<string, Metric>, seen = new Set<string>()): Metric[] {
  const metric = catalog.get(key);
  if (!metric || seen.has(key)) return [];
  seen.add(key);
  const parts = dependenciesOf(metric);
  if (parts.length === 0) return [metric];
  return parts.flatMap((part) => baseMetricsOf(part, catalog, seen));
}

/** The metric keys a ratio or formula metric reads. */
export function dependenciesOf(metric: Pick<Metric, 'aggregation' | 'params'>): string[] {
  const params = metric.params as Record<string, unknown> | null;
  if (metric.aggregation === 'ratio' && params) return [String(params.numerator), String(params.denominator)];
  if (metric.aggregation === 'formula' && params) {
    const keys = new Set<string>();
    collectKpis(params.rule, keys);
    return [...keys];
  }
  return [];
}

function collectKpis(node: unknown, keys: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectKpis(item, keys);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [op, args] of Object.entries(node)) {
    if (op === 'var') {
      const name = Array.isArray(args) ? args[0] : args;
      const m = typeof name === 'string' ? /^kpi\.([^.]+)/.exec(name) : null;
      if (m) keys.add(m[1] as string);
    } else collectKpis(args, keys);
  }
}

export async function computeActuals(em: EntityManager, request: ActualsRequest): Promise<Map<string, MetricActuals>> {
  const { catalog, dialect, currency } = request;
  const range = periodRange(request.period, request.timeZone);
  const seen = new Set<string>();
  const base = request.keys.flatMap((key) => baseMetricsOf(key, catalog, seen));
  const accs = new Map<string, Map<string, Acc>>(base.map((m) => [m.key, new Map()]));

  const ids = request.employeeIds;
  // a long IN list costs more than grouping everyone and picking afterwards
  const byIds = ids !== undefined && ids.length <= 500;
  const where: SqlCondition = {
    sql: `e.occurred_at >= ? and e.occurred_at < ? and e.employee_id is not null${
      byIds ? ` and e.employee_id in (${ids.length === 0 ? "''" : ids.map(() => '?').join(', ')})` : ''
    }`,
    params: [instantParam(range.from, dialect), instantParam(range.to, dialect), ...(byIds ? ids : [])],
  };
  // both paths read the period through this condition, so both leave the excluded deals out
  const excluded = excludedDealsSql(request.excludeDeals ?? [], dialect);
  if (excluded) {
    where.sql += ` and ${excluded.sql}`;
    where.params.push(...excluded.params);
  }

  const grouped: { metric: Metric; filter: SqlCondition }[] = [];
  const streamed: Metric[] = [];
  const context = { dialect, currency };
  for (const metric of base) {
    const filter = request.forceStreaming ? undefined : compileFilterToSql(metric.filter, context);
    if (!filter) streamed.push(metric);
    else if (metric.aggregation === 'distinct') await distinctInSql(em, metric, filter, where, dialect, accs);
    else if (metric.aggregation === 'duration') await durationInSql(em, metric, filter, where, range.to, dialect, accs);
    else grouped.push({ metric, filter });
  }
  if (grouped.length > 0) await groupedInSql(em, grouped, where, dialect, accs);
  if (streamed.length > 0) await streamingPass(em, streamed, where, request, range.to, accs);

  const digits = digitsOf(currency);
  const result = new Map<string, MetricActuals>();
  const actualsOf = (key: string): MetricActuals => {
    const existing = result.get(key);
    if (existing) return existing;
    const metric = catalog.get(key);
    let made: MetricActuals;
    if (!metric) {
      made = { forEmployee: () => NONE, forEmployees: () => NONE };
    } else if (metric.aggregation === 'ratio') {
      const params = metric.params as { numerator: string; denominator: string };
      const [num, den] = [actualsOf(params.numerator), actualsOf(params.denominator)];
      const ratio = (a: ActualValue, b: ActualValue): ActualValue =>
        a.value === null || b.value === null || b.value === 0 ? NONE : { value: a.value / b.value, money: null };
      made = {
        forEmployee: (id) => ratio(num.forEmployee(id), den.forEmployee(id)),
        forEmployees: (group) => ratio(num.forEmployees(group), den.forEmployees(group)),
      };
    } else if (metric.aggregation === 'formula') {
      const rule = compile((metric.params as { rule: unknown }).rule);
      const parts = dependenciesOf(metric).map((k) => [k, actualsOf(k)] as const);
      const run = (pick: (a: MetricActuals) => ActualValue): ActualValue => {
        const kpi = Object.fromEntries(parts.map(([k, a]) => [k, { actual: pick(a).value }]));
        const value = rule.run({ kpi });
        const n = typeof value === 'string' ? Number(value) : value;
        return typeof n === 'number' && Number.isFinite(n) ? { value: n, money: null } : NONE;
      };
      made = {
        forEmployee: (id) => run((a) => a.forEmployee(id)),
        forEmployees: (group) => run((a) => a.forEmployees(group)),
      };
    } else {
      const perEmployee = accs.get(key) ?? new Map<string, Acc>();
      const finish = (acc: Acc | undefined) => finishAcc(metric, acc, digits);
      made = {
        forEmployee: (id) => finish(perEmployee.get(id)),
        forEmployees: (group) => {
          let merged: Acc | undefined;
          for (const id of group) merged = mergeAcc(merged, perEmployee.get(id));
          return finish(merged);
        },
      };
    }
    result.set(key, made);
    return made;
  };
  for (const key of request.keys) actualsOf(key);
  return result;
}

const NONE: ActualValue = { value: null, money: null };

/** `not (the event belongs to one of the deals)`, never NULL: an event without a deal is kept. */
function excludedDealsSql(deals: readonly DealRef[], dialect: Dialect): SqlCondition | undefined {
  if (deals.length === 0) return undefined;
  const deal = textField(`attributes.${DEAL_ATTRIBUTE}`, dialect);
  const bySource = new Map<string, string[]>();
  for (const ref of deals) bySource.set(ref.source, [...(bySource.get(ref.source) ?? []), ref.deal]);
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [source, ids] of bySource) {
    parts.push(`(e.source_id = ? and ${deal} is not null and ${deal} in (${ids.map(() => '?').join(', ')}))`);
    params.push(source, ...ids);
  }
  return { sql: `not (${parts.join(' or ')})`, params };
}

function finishAcc(metric: Metric, acc: Acc | undefined, digits: number): ActualValue {
  const money = isMoneyField(metric);
  switch (metric.aggregation) {
    case 'count':
      return { value: acc?.kind === 'count' ? acc.n : 0, money: null };
    case 'distinct':
      return { value: acc?.kind === 'set' ? acc.values.size : 0, money: null };
    case 'sum':
      if (money) {
        const minor = acc?.kind === 'minor' ? acc.minor : 0n;
        const text = formatMinor(minor, digits);
        return { value: Number(text), money: text };
      }
      return { value: acc?.kind === 'number' ? acc.sum : 0, money: null };
    case 'avg': {
      if (!acc || !('n' in acc) || acc.n === 0) return NONE;
      if (money && acc.kind === 'minor') {
        const text = formatMinor(divideRounded(acc.minor, BigInt(acc.n)), digits);
        return { value: Number(text), money: text };
      }
      return acc.kind === 'number' ? { value: acc.sum / acc.n, money: null } : NONE;
    }
    case 'duration': {
      if (acc?.kind !== 'duration' || acc.n === 0) return NONE;
      const unit = (metric.params as { unit?: string } | null)?.unit === 'days' ? 86_400_000 : 3_600_000;
      return { value: Math.round((acc.ms / acc.n / unit) * 100) / 100, money: null };
    }
    default:
      return NONE;
  }
}

/** Half away from zero, as the money rounding elsewhere. */
function divideRounded(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  return twice >= b ? q + (a < 0n ? -1n : 1n) : q;
}

function mergeAcc(a: Acc | undefined, b: Acc | undefined): Acc | undefined {
  if (!a) return b && (b.kind === 'set' ? { kind: 'set', values: new Set(b.values) } : { ...b });
  if (!b) return a;
  switch (a.kind) {
    case 'count':
      a.n += (b as typeof a).n;
      return a;
    case 'minor':
      a.minor += (b as typeof a).minor;
      a.n += (b as typeof a).n;
      return a;
    case 'number':
    case 'duration': {
      const other = b as { n: number; sum?: number; ms?: number };
      if (a.kind === 'number') a.sum += other.sum ?? 0;
      else a.ms += other.ms ?? 0;
      a.n += other.n;
      return a;
    }
    case 'set':
      for (const v of (b as typeof a).values) a.values.add(v);
      return a;
  }
}

/** The SQL expression a sum/avg metric adds up, or undefined for counting. */
function numericField(metric: Metric, dialect: Dialect): { sql: string; minor: boolean } {
  if (metric.field === 'amount' || !metric.field) return { sql: 'e.amount_minor', minor: true };
  const key = metric.field.replace(/^attributes\./, '');
  return { sql: attributeNumber(key, dialect, false), minor: false };
}

async function groupedInSql(
  em: EntityManager,
  metrics: { metric: Metric; filter: SqlCondition }[],
  where: SqlCondition,
  dialect: Dialect,
  accs: Map<string, Map<string, Acc>>,
): Promise<void> {
  const columns: string[] = [];
  const params: unknown[] = [];
  metrics.forEach(({ metric, filter }, i) => {
    if (metric.aggregation === 'count') {
      columns.push(`count(case when ${filter.sql} then 1 end) as c${i}`);
      params.push(...filter.params);
      return;
    }
    const field = numericField(metric, dialect);
    const sum = field.minor
      ? `cast(sum(case when ${filter.sql} then ${field.sql} end) as text)`
      : `sum(case when ${filter.sql} then ${field.sql} end)`;
    columns.push(`${sum} as s${i}`);
    params.push(...filter.params);
    // an average needs its count; a sum of no rows is NULL, which already says "nothing"
    if (metric.aggregation === 'avg') {
      columns.push(`count(case when ${filter.sql} then ${field.sql} end) as c${i}`);
      params.push(...filter.params);
    }
  });
  const rows = await em
    .getConnection()
    .execute<Record<string, unknown>[]>(
      `select e.employee_id as emp, ${columns.join(', ')} from event e where ${where.sql} group by e.employee_id`,
      [...params, ...where.params],
    );
  for (const row of rows) {
    const emp = row.emp as string;
    metrics.forEach(({ metric }, i) => {
      const s = row[`s${i}`];
      const n = metric.aggregation === 'sum' ? (s === null || s === undefined ? 0 : 1) : Number(row[`c${i}`] ?? 0);
      if (metric.aggregation === 'count') {
        if (n > 0) accs.get(metric.key)?.set(emp, { kind: 'count', n });
        return;
      }
      if (n === 0) return;
      const acc: Acc = numericField(metric, dialect).minor
        ? { kind: 'minor', minor: BigInt(String(s ?? '0').replace(/\.0+$/, '')), n }
        : { kind: 'number', sum: Number(s ?? 0), n };
      accs.get(metric.key)?.set(emp, acc);
    });
  }
}

/** The text a distinct metric counts, or a duration metric pairs events by. */
function textField(field: string, dialect: Dialect): string {
  switch (field) {
    case 'type':
      return 'e.type';
    case 'externalId':
      return 'e.external_id';
    case 'currency':
      return 'e.currency';
    case 'amount':
      return 'cast(e.amount_minor as text)';
    default: {
      const key = field.replace(/^attributes\./, '');
      if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new Error(`field "${field}" is not allowed`);
      return dialect === 'postgresql'
        ? `(e.attributes ->> '${key}')`
        : `cast(json_extract(e.attributes, '$.${key}') as text)`;
    }
  }
}

function textValueOf(event: FilterEvent & { amountMinor: string | null }, field: string): string | null {
  switch (field) {
    case 'type':
      return event.type;
    case 'externalId':
      return event.externalId;
    case 'currency':
      return event.currency;
    case 'amount':
      return event.amountMinor;
    default: {
      const value = event.attributes[field.replace(/^attributes\./, '')];
      if (value === null || value === undefined) return null;
      return typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
}

async function distinctInSql(
  em: EntityManager,
  metric: Metric,
  filter: SqlCondition,
  where: SqlCondition,
  dialect: Dialect,
  accs: Map<string, Map<string, Acc>>,
): Promise<void> {
  const value = textField(metric.field ?? 'externalId', dialect);
  const rows = await em
    .getConnection()
    .execute<{ emp: string; v: string }[]>(
      `select e.employee_id as emp, ${value} as v from event e where ${where.sql} and ${filter.sql} and ${value} is not null group by e.employee_id, ${value}`,
      [...where.params, ...filter.params],
    );
  const perEmployee = accs.get(metric.key) as Map<string, Acc>;
  for (const row of rows) {
    const acc = (perEmployee.get(row.emp) as { values: Set<string> } | undefined) ?? { kind: 'set', values: new Set() };
    acc.values.add(String(row.v));
    perEmployee.set(row.emp, acc as Acc);
  }
}

interface DurationParams {
  startType: string;
  endType: string;
  key: string;
  unit: 'hours' | 'days';
}

async function durationInSql(
  em: EntityManager,
  metric: Metric,
  filter: SqlCondition,
  where: SqlCondition,
  to: Date,
  dialect: Dialect,
  accs: Map<string, Map<string, Acc>>,
): Promise<void> {
  const params = metric.params as DurationParams;
  const key = textField(params.key, dialect);
  // a deal ends (its first end event) inside the period; it started at its first start event, by anyone
  const rows = await em.getConnection().execute<{ emp: string; end_at: unknown; start_at: unknown }[]>(
    `select x.emp as emp, x.end_at as end_at, s.start_at as start_at
       from (select e.employee_id as emp, ${key} as k, min(e.occurred_at) as end_at from event e
              where ${where.sql} and e.type = ? and ${filter.sql} and ${key} is not null
              group by e.employee_id, ${key}) x
       join (select ${key} as k, min(e.occurred_at) as start_at from event e
              where e.type = ? and e.occurred_at < ? and ${key} is not null group by ${key}) s on s.k = x.k`,
    [...where.params, params.endType, ...filter.params, params.startType, instantParam(to, dialect)],
  );
  addDurations(rows, accs.get(metric.key) as Map<string, Acc>);
}

function addDurations(
  rows: { emp: string; end_at: unknown; start_at: unknown }[],
  perEmployee: Map<string, Acc>,
): void {
  for (const row of rows) {
    const ms = toMillis(row.end_at) - toMillis(row.start_at);
    if (!(ms >= 0)) continue;
    const acc = perEmployee.get(row.emp) as { ms: number; n: number } | undefined;
    if (acc) {
      acc.ms += ms;
      acc.n += 1;
    } else perEmployee.set(row.emp, { kind: 'duration', ms, n: 1 });
  }
}

interface EventRow {
  id: string;
  emp: string;
  type: string;
  external_id: string;
  amount_minor: string | number | null;
  currency: string | null;
  occurred_at: unknown;
  attributes: unknown;
}

/** One pass over the period's events in id order, in batches; each streamed metric filters in JS. */
async function streamingPass(
  em: EntityManager,
  metrics: Metric[],
  where: SqlCondition,
  request: ActualsRequest,
  to: Date,
  accs: Map<string, Map<string, Acc>>,
): Promise<void> {
  const tests = metrics.map((m) => ({
    metric: m,
    test: streamingFilter(m.filter),
    ends: new Map<string, Map<string, number>>(),
  }));
  const batchSize = request.batchSize ?? 5000;
  let after = '';
  for (;;) {
    const rows = await em.getConnection().execute<EventRow[]>(
      `select e.id, e.employee_id as emp, e.type, e.external_id, e.amount_minor, e.currency, e.occurred_at, e.attributes
           from event e where ${where.sql} and e.id > ? order by e.id limit ${batchSize}`,
      [...where.params, after],
    );
    for (const row of rows) {
      const event = toFilterEvent(row);
      for (const { metric, test, ends } of tests) {
        if (metric.aggregation === 'duration') {
          const params = metric.params as DurationParams;
          if (event.type !== params.endType || !test(event)) continue;
          const k = textValueOf(event, params.key);
          if (k === null) continue;
          const perKey = ends.get(row.emp) ?? new Map<string, number>();
          ends.set(row.emp, perKey);
          const at = toMillis(row.occurred_at);
          perKey.set(k, Math.min(perKey.get(k) ?? at, at));
          continue;
        }
        if (!test(event)) continue;
        accumulate(metric, event, row.emp, accs.get(metric.key) as Map<string, Acc>);
      }
    }
    if (rows.length < batchSize) break;
    after = (rows[rows.length - 1] as EventRow).id;
  }
  for (const { metric, ends } of tests) {
    if (metric.aggregation !== 'duration' || ends.size === 0) continue;
    await durationStarts(em, metric, ends, to, request.dialect, accs.get(metric.key) as Map<string, Acc>);
  }
}

async function durationStarts(
  em: EntityManager,
  metric: Metric,
  ends: Map<string, Map<string, number>>,
  to: Date,
  dialect: Dialect,
  perEmployee: Map<string, Acc>,
): Promise<void> {
  const params = metric.params as DurationParams;
  const key = textField(params.key, dialect);
  const keys = [...new Set([...ends.values()].flatMap((m) => [...m.keys()]))];
  const starts = new Map<string, number>();
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const rows = await em.getConnection().execute<{ k: string; start_at: unknown }[]>(
      `select ${key} as k, min(e.occurred_at) as start_at from event e
        where e.type = ? and e.occurred_at < ? and ${key} in (${chunk.map(() => '?').join(', ')}) group by ${key}`,
      [params.startType, instantParam(to, dialect), ...chunk],
    );
    for (const row of rows) starts.set(String(row.k), toMillis(row.start_at));
  }
  const pairs: { emp: string; end_at: number; start_at: number }[] = [];
  for (const [emp, perKey] of ends) {
    for (const [k, endAt] of perKey) {
      const startAt = starts.get(k);
      if (startAt !== undefined) pairs.push({ emp, end_at: endAt, start_at: startAt });
    }
  }
  addDurations(pairs, perEmployee);
}

function toFilterEvent(row: EventRow): FilterEvent & { amountMinor: string | null } {
  const amountMinor = row.amount_minor === null ? null : String(row.amount_minor);
  return {
    type: row.type,
    externalId: row.external_id,
    amountMinor,
    amount:
      amountMinor === null || row.currency === null
        ? null
        : Number(formatMinor(BigInt(amountMinor), digitsOf(row.currency))),
    currency: row.currency,
    occurredAt: new Date(toMillis(row.occurred_at)).toISOString(),
    attributes: (typeof row.attributes === 'string' ? JSON.parse(row.attributes) : row.attributes) as Record<
      string,
      unknown
    >,
  };
}

function accumulate(
  metric: Metric,
  event: FilterEvent & { amountMinor: string | null },
  emp: string,
  perEmployee: Map<string, Acc>,
): void {
  const current = perEmployee.get(emp);
  switch (metric.aggregation) {
    case 'count': {
      const acc = (current as { n: number } | undefined) ?? { kind: 'count', n: 0 };
      acc.n += 1;
      perEmployee.set(emp, acc as Acc);
      return;
    }
    case 'sum':
    case 'avg': {
      if (metric.field === 'amount' || !metric.field) {
        if (event.amountMinor === null) return;
        const acc = (current as { minor: bigint; n: number } | undefined) ?? { kind: 'minor', minor: 0n, n: 0 };
        acc.minor += BigInt(event.amountMinor);
        acc.n += 1;
        perEmployee.set(emp, acc as Acc);
        return;
      }
      const value = event.attributes[metric.field.replace(/^attributes\./, '')];
      // the SQL path adds JSON numbers only; a missing attribute adds nothing
      if (typeof value !== 'number') return;
      const acc = (current as { sum: number; n: number } | undefined) ?? { kind: 'number', sum: 0, n: 0 };
      acc.sum += value;
      acc.n += 1;
      perEmployee.set(emp, acc as Acc);
      return;
    }
    case 'distinct': {
      const value = textValueOf(event, metric.field ?? 'externalId');
      if (value === null) return;
      const acc = (current as { values: Set<string> } | undefined) ?? { kind: 'set', values: new Set<string>() };
      acc.values.add(value);
      perEmployee.set(emp, acc as Acc);
      return;
    }
  }
}
