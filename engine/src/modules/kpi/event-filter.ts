// Metric event filters: JSON-logic over one event, compiled to an SQL condition when it is in the common
// subset, and otherwise evaluated by @yardstick/rules over rows streamed in batches.
import { compile, type Problem, validate } from '@yardstick/rules';
import type { Dialect } from '../../db/migrations/dialect.ts';
import { fromMinor, minorDigits } from '../../lib/money.ts';

/** The event as a metric filter sees it; amounts in major units of the event's currency. */
export interface FilterEvent {
  type: string;
  externalId: string;
  amount: number | null;
  currency: string | null;
  occurredAt: string;
  attributes: Record<string, unknown>;
}

/** The variables a filter may read; `attributes.<key>` reads one CRM attribute. */
const TOP_LEVEL = new Set(['type', 'externalId', 'amount', 'currency', 'occurredAt']);

/** Problems with a filter: the rule language's own, plus variables the event does not have. */
export function validateFilter(filter: unknown): Problem[] {
  const result = validate(filter);
  const problems = result.ok ? [] : [...result.problems];
  if (result.ok) {
    walkVars(filter, '', (name, path) => {
      if (TOP_LEVEL.has(name) || /^attributes\.[A-Za-z0-9_-]+$/.test(name) || name === 'attributes') return;
      problems.push({
        path,
        code: 'filter.unknown_field',
        message: {
          en: `An event has no "${name}": use type, externalId, amount, currency, occurredAt or attributes.<key>`,
          ru: `У события нет поля «${name}»: используйте type, externalId, amount, currency, occurredAt или attributes.<ключ>`,
        },
      });
    });
  }
  return problems;
}

function walkVars(node: unknown, path: string, visit: (name: string, path: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      walkVars(item, `${path}/${i}`, visit);
    });
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const entries = Object.entries(node);
  if (entries.length !== 1) return;
  const [op, args] = entries[0] as [string, unknown];
  if (op === 'var') {
    const name = Array.isArray(args) ? args[0] : args;
    if (typeof name === 'string' && name !== '') visit(name, `${path}/var`);
    return;
  }
  walkVars(args, `${path}/${op.replaceAll('~', '~0').replaceAll('/', '~1')}`, visit);
}

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

export interface SqlDialectContext {
  dialect: Dialect;
  /** the organization's currency: amounts in filters are compared as its minor units */
  currency: string;
}

class NotCompilable extends Error {}

/**
 * Compiles a filter to an SQL condition over the `event` table (alias `e`) that is never NULL, so
 * `and`, `or` and `!` compose as JSON-logic truthiness does; undefined when the filter is outside the
 * subset (then evaluate it with `streamingFilter`). A null filter is `true`.
 */
export function compileFilterToSql(filter: unknown, context: SqlDialectContext): SqlCondition | undefined {
  if (filter === null || filter === undefined) return { sql: '1 = 1', params: [] };
  try {
    const params: unknown[] = [];
    return { sql: condition(filter, context, params), params };
  } catch (error) {
    if (error instanceof NotCompilable) return undefined;
    throw error;
  }
}

type Operand =
  | { kind: 'field'; name: 'type' | 'externalId' | 'currency' | 'amount' | 'occurredAt' }
  | { kind: 'attribute'; key: string }
  | { kind: 'literal'; value: string | number | null };

function operand(node: unknown): Operand {
  if (node === null || typeof node === 'string' || typeof node === 'number') return { kind: 'literal', value: node };
  if (typeof node === 'object' && !Array.isArray(node)) {
    const entries = Object.entries(node);
    if (entries.length === 1 && entries[0]?.[0] === 'var') {
      const name = entries[0][1];
      if (typeof name === 'string') {
        if (TOP_LEVEL.has(name)) return { kind: 'field', name: name as 'type' };
        const m = /^attributes\.([A-Za-z0-9_-]+)$/.exec(name);
        if (m) return { kind: 'attribute', key: m[1] as string };
      }
    }
  }
  throw new NotCompilable();
}

const COMPARISONS: Record<string, string> = { '==': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const FLIPPED: Record<string, string> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function condition(node: unknown, context: SqlDialectContext, params: unknown[]): string {
  if (node === true) return '1 = 1';
  if (node === false) return '1 = 0';
  if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new NotCompilable();
  const entries = Object.entries(node);
  if (entries.length !== 1) throw new NotCompilable();
  const [op, raw] = entries[0] as [string, unknown];
  const args = Array.isArray(raw) ? raw : [raw];
  switch (op) {
    case 'and':
    case 'or': {
      if (args.length === 0) throw new NotCompilable();
      return `(${args.map((a) => condition(a, context, params)).join(op === 'and' ? ' and ' : ' or ')})`;
    }
    case '!':
      if (args.length !== 1) throw new NotCompilable();
      return `not (${condition(args[0], context, params)})`;
    case 'in':
      return inList(args, context, params);
    default: {
      if (!(op in COMPARISONS) || args.length !== 2) throw new NotCompilable();
      let left = operand(args[0]);
      let right = operand(args[1]);
      let comparison = op;
      if (left.kind === 'literal') {
        [left, right] = [right, left];
        comparison = FLIPPED[op] as string;
      }
      if (left.kind === 'literal' || right.kind !== 'literal') throw new NotCompilable();
      return compare(left, comparison, right.value, context, params);
    }
  }
}

/** `x IS TRUE` keeps a NULL comparison false, as JSON-logic's comparisons are never "unknown". */
const definite = (sql: string) => `((${sql}) is true)`;

function compare(
  left: Exclude<Operand, { kind: 'literal' }>,
  op: string,
  value: string | number | null,
  context: SqlDialectContext,
  params: unknown[],
): string {
  const sqlOp = COMPARISONS[op] as string;
  const equality = op === '==' || op === '!=';
  if (value === null) {
    // null == x holds for a missing or null value only; ordering against null is JavaScript coercion
    if (!equality) throw new NotCompilable();
    const column = nullableExpression(left, context);
    return `${column} ${op === '==' ? 'is null' : 'is not null'}`;
  }
  if (left.kind === 'field') {
    switch (left.name) {
      case 'type':
      case 'externalId':
        if (typeof value !== 'string' || !equality) throw new NotCompilable();
        params.push(value);
        return `e.${left.name === 'type' ? 'type' : 'external_id'} ${sqlOp} ?`;
      case 'currency':
        if (typeof value !== 'string' || !equality) throw new NotCompilable();
        params.push(value);
        return op === '==' ? definite(`e.currency = ?`) : `not ${definite('e.currency = ?')}`;
      case 'amount': {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new NotCompilable();
        let minor: string;
        try {
          minor = toMinorExact(value, context.currency);
        } catch {
          throw new NotCompilable();
        }
        params.push(BigInt(minor).toString());
        const cast = context.dialect === 'postgresql' ? '?::bigint' : 'cast(? as integer)';
        // JavaScript reads a missing amount as 0 in an ordering and as null in an equality
        if (equality)
          return op === '==' ? definite(`e.amount_minor = ${cast}`) : `not ${definite(`e.amount_minor = ${cast}`)}`;
        return `coalesce(e.amount_minor, 0) ${sqlOp} ${cast}`;
      }
      case 'occurredAt': {
        // ISO strings of the same shape order as their instants do
        if (typeof value !== 'string' || !ISO_INSTANT.test(value)) throw new NotCompilable();
        params.push(instantParam(new Date(value), context.dialect));
        return `e.occurred_at ${sqlOp} ?`;
      }
    }
  }
  const attribute = left as { kind: 'attribute'; key: string };
  if (typeof value === 'string') {
    if (!equality) throw new NotCompilable();
    params.push(value);
    const match = definite(`${attributeText(attribute.key, context.dialect)} = ?`);
    return op === '==' ? match : `not ${match}`;
  }
  if (!Number.isFinite(value)) throw new NotCompilable();
  params.push(value);
  const number = attributeNumber(attribute.key, context.dialect, !equality);
  const test = definite(`${number} ${equality ? '=' : sqlOp} ?`);
  return op === '!=' ? `not ${test}` : test;
}

function inList(args: unknown[], context: SqlDialectContext, params: unknown[]): string {
  if (args.length !== 2 || !Array.isArray(args[1]) || args[1].length === 0) throw new NotCompilable();
  const left = operand(args[0]);
  const values = args[1];
  if (left.kind === 'literal' || !values.every((v) => typeof v === 'string')) throw new NotCompilable();
  const marks = values.map(() => '?').join(', ');
  if (left.kind === 'field') {
    if (left.name !== 'type' && left.name !== 'currency' && left.name !== 'externalId') throw new NotCompilable();
    params.push(...values);
    const column = left.name === 'externalId' ? 'external_id' : left.name;
    return definite(`e.${column} in (${marks})`);
  }
  params.push(...values);
  return definite(`${attributeText(left.key, context.dialect)} in (${marks})`);
}

function nullableExpression(left: Exclude<Operand, { kind: 'literal' }>, context: SqlDialectContext): string {
  if (left.kind === 'attribute') {
    return context.dialect === 'postgresql'
      ? `nullif(e.attributes -> '${left.key}', 'null'::jsonb)`
      : `json_extract(e.attributes, '$.${left.key}')`;
  }
  switch (left.name) {
    case 'amount':
      return 'e.amount_minor';
    case 'currency':
      return 'e.currency';
    default:
      // type, externalId and occurredAt are never null
      return 'null';
  }
}

/** An attribute's value when it is a JSON string, else NULL. */
export function attributeText(key: string, dialect: Dialect): string {
  assertKey(key);
  return dialect === 'postgresql'
    ? `(case when jsonb_typeof(e.attributes -> '${key}') = 'string' then e.attributes ->> '${key}' end)`
    : `(case when json_type(e.attributes, '$.${key}') = 'text' then json_extract(e.attributes, '$.${key}') end)`;
}

/**
 * An attribute's value when it is a JSON number; in orderings a missing or null attribute reads as 0
 * (JavaScript's coercion of null), in equalities it matches nothing. Text that looks like a number is
 * not compared numerically on this path (see docs/architecture.md).
 */
export function attributeNumber(key: string, dialect: Dialect, nullAsZero: boolean): string {
  assertKey(key);
  const missing = nullAsZero ? ' else null' : '';
  if (dialect === 'postgresql') {
    const v = `e.attributes -> '${key}'`;
    return `(case when jsonb_typeof(${v}) = 'number' then (${v})::numeric${nullAsZero ? ` when ${v} is null or jsonb_typeof(${v}) = 'null' then 0` : ''}${missing} end)`;
  }
  const t = `json_type(e.attributes, '$.${key}')`;
  return `(case when ${t} in ('integer', 'real') then json_extract(e.attributes, '$.${key}')${nullAsZero ? ` when ${t} is null or ${t} = 'null' then 0` : ''}${missing} end)`;
}

function assertKey(key: string): void {
  // keys are spliced into SQL text, so only this shape ever reaches here (validateFilter enforces it)
  if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new Error(`attribute key "${key}" is not allowed`);
}

/** How an instant is bound: SQLite stores datetimes as epoch milliseconds. */
export function instantParam(instant: Date, dialect: Dialect): unknown {
  return dialect === 'postgresql' ? instant.toISOString() : instant.getTime();
}

function toMinorExact(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const scaled = amount * 10 ** digits;
  if (!Number.isSafeInteger(Math.round(scaled)) || Math.abs(scaled - Math.round(scaled)) > 1e-9) {
    throw new RangeError('not exact');
  }
  const minor = String(Math.round(scaled));
  // round-trips exactly, or the comparison would move by a kopeck
  if (Number(fromMinor(minor, currency)) !== amount) throw new RangeError('not exact');
  return minor;
}

/** The streaming path: the filter compiled by @yardstick/rules, run against one event at a time. */
export function streamingFilter(filter: unknown): (event: FilterEvent) => boolean {
  if (filter === null || filter === undefined) return () => true;
  const rule = compile(filter);
  return (event) => truthy(rule.run(event as unknown as Record<string, unknown>));
}

/** JSON-logic truthiness: an empty list is false. */
function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}
