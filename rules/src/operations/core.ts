// The operations of json-logic-js 2.0.5 (less `log` and `method`), with its semantics: see
// ../semantics.ts for the coercions and README.md for the few documented deviations.
import { isLiteral, literalNumber, type OperationNode, type RuleNode } from '../ast.ts';
import { RuleError, RuleErrorCode } from '../errors.ts';
import { formatValue } from '../json.ts';
import {
  compileEqual,
  compileLookup,
  compileMember,
  compileOrder,
  FORBIDDEN_KEYS,
  lookupVar,
  readKey,
  splitVarPath,
} from '../paths.ts';
import { type OrderCode, Then } from '../read-tests.ts';
import {
  joinArray,
  lessOrEqual,
  lessThan,
  looseEquals,
  prim,
  substr,
  toFloat,
  toStringJs,
  truthy,
} from '../semantics.ts';
import type { Message } from '../types.ts';
import { argRuns, checkNumericOperands, eagerList, expectNotScalarList, msg, opPointer, spreads } from './helpers.ts';
import type { CheckContext, CompileContext, Compiled, Evaluator, OperationDescriptor, Scope } from './types.ts';

/** Results longer than this are refused: a rule must not exhaust memory (e.g. doubling in `reduce`). */
export const MAX_LIST_LENGTH = 1_000_000;
export const MAX_TEXT_LENGTH = 10_000_000;

function limitExceeded(node: OperationNode, what: Message): never {
  throw new RuleError(RuleErrorCode.limitExceeded, [
    { path: node.path, code: RuleErrorCode.limitExceeded, message: what },
  ]);
}

const arity = (min: number, max = Number.POSITIVE_INFINITY) => [min, max] as const;
const js = 'json-logic-js' as const;

// ---------------------------------------------------------------- logic

function compileIf(node: OperationNode, cc: CompileContext): Evaluator {
  const runs = argRuns(node, cc);
  if (runs.length === 3) {
    const [c, t, e] = runs as [Evaluator, Evaluator, Evaluator];
    return (d, s) => (truthy(c(d, s)) ? t(d, s) : e(d, s));
  }
  return (d, s) => {
    let i = 0;
    for (; i < runs.length - 1; i += 2) {
      if (truthy((runs[i] as Evaluator)(d, s))) return (runs[i + 1] as Evaluator)(d, s);
    }
    if (runs.length === i + 1) return (runs[i] as Evaluator)(d, s);
    return null;
  };
}

const explainIf = (_args: readonly unknown[], result: unknown): Message =>
  msg(`→ ${formatValue(result)}`, `→ ${formatValue(result, 'ru')}`);

function compileAnd(node: OperationNode, cc: CompileContext): Evaluator {
  const runs = argRuns(node, cc);
  if (runs.length === 3) {
    const [a, b, c] = runs as [Evaluator, Evaluator, Evaluator];
    return (d, s) => {
      const x = a(d, s);
      if (!truthy(x)) return x;
      const y = b(d, s);
      return truthy(y) ? c(d, s) : y;
    };
  }
  if (runs.length === 2) {
    const [a, b] = runs as [Evaluator, Evaluator];
    return (d, s) => {
      const x = a(d, s);
      return truthy(x) ? b(d, s) : x;
    };
  }
  return (d, s) => {
    let current: unknown;
    for (let i = 0; i < runs.length; i++) {
      current = (runs[i] as Evaluator)(d, s);
      if (!truthy(current)) return current;
    }
    return current;
  };
}

function compileOr(node: OperationNode, cc: CompileContext): Evaluator {
  const runs = argRuns(node, cc);
  if (runs.length === 2) {
    const [a, b] = runs as [Evaluator, Evaluator];
    return (d, s) => {
      const x = a(d, s);
      return truthy(x) ? x : b(d, s);
    };
  }
  return (d, s) => {
    let current: unknown;
    for (let i = 0; i < runs.length; i++) {
      current = (runs[i] as Evaluator)(d, s);
      if (truthy(current)) return current;
    }
    return current;
  };
}

const nothing: Evaluator = () => undefined;

function compileNot(node: OperationNode, cc: CompileContext): Evaluator {
  const [a = nothing] = argRuns(node, cc);
  return (d, s) => !truthy(a(d, s));
}

function compileNotNot(node: OperationNode, cc: CompileContext): Evaluator {
  const [a = nothing] = argRuns(node, cc);
  return (d, s) => truthy(a(d, s));
}

// ---------------------------------------------------------------- comparison

type Binary = (a: unknown, b: unknown) => boolean;

/**
 * A `var` of a written path on one side and a written primitive on the other: what a read site can
 * test in one step. `flipped`: the constant is on the left.
 */
function pathAndLiteral(node: OperationNode, cc: CompileContext) {
  const [left, right] = node.args;
  for (const [path, literal, flipped] of [
    [left, right, false],
    [right, left, true],
  ] as const) {
    if (isLiteral(literal) && (typeof literal.value !== 'object' || literal.value === null)) {
      const read = staticRead(path, cc);
      if (read) return { ...read, value: literal.value, flipped };
    }
  }
  return undefined;
}

/**
 * Comparisons, with a fast path for numbers and for a constant right-hand side; a written path
 * compared with a written number is one read site (`then`: the code for var OP number, `flipped`:
 * for number OP var).
 */
function comparison(fn: Binary, numeric: Binary, then: OrderCode, flipped: OrderCode) {
  return (node: OperationNode, cc: CompileContext): Evaluator => {
    const p = pathAndLiteral(node, cc);
    const fused =
      p && typeof p.value === 'number' && compileOrder(p.keys, p.missing, p.flipped ? flipped : then, p.value);
    if (fused) return fused;
    const [left, right] = node.args.map((arg) => cc.compile(arg)) as [Compiled, Compiled];
    const a = left.run;
    const b = right.run;
    if (right.constant && typeof right.constant.value === 'number') {
      const c = right.constant.value;
      return (d, s) => {
        const x = a(d, s);
        return typeof x === 'number' ? numeric(x, c) : fn(x, c);
      };
    }
    return (d, s) => {
      const x = a(d, s);
      const y = b(d, s);
      return typeof x === 'number' && typeof y === 'number' ? numeric(x, y) : fn(x, y);
    };
  };
}

/** `==`/`===` of a written path and a written constant: one read site. */
function fuseEquals(node: OperationNode, cc: CompileContext, strict: boolean, negate: boolean) {
  const p = pathAndLiteral(node, cc);
  return p && compileEqual(p.keys, p.missing, p.value, strict, negate);
}

function compileLooseEquals(negate: boolean) {
  return (node: OperationNode, cc: CompileContext): Evaluator => {
    const fused = fuseEquals(node, cc, false, negate);
    if (fused) return fused;
    const [left, right] = node.args.map((arg) => cc.compile(arg)) as [Compiled, Compiled];
    const a = left.run;
    const b = right.run;
    const k = right.constant;
    if (k && (typeof k.value === 'string' || typeof k.value === 'number')) {
      // Same type: == is ===, with no conversion to look at.
      const c = k.value;
      const type = typeof c;
      return negate
        ? (d, s) => {
            const x = a(d, s);
            return typeof x === type ? x !== c : !looseEquals(x, c);
          }
        : (d, s) => {
            const x = a(d, s);
            return typeof x === type ? x === c : looseEquals(x, c);
          };
    }
    if (k && (typeof k.value !== 'object' || k.value === null)) {
      const c = k.value;
      return negate ? (d, s) => !looseEquals(a(d, s), c) : (d, s) => looseEquals(a(d, s), c);
    }
    return negate ? (d, s) => !looseEquals(a(d, s), b(d, s)) : (d, s) => looseEquals(a(d, s), b(d, s));
  };
}

function compileStrictEquals(negate: boolean) {
  return (node: OperationNode, cc: CompileContext): Evaluator => {
    const fused = fuseEquals(node, cc, true, negate);
    if (fused) return fused;
    const [a, b] = argRuns(node, cc) as [Evaluator, Evaluator];
    return negate ? (d, s) => a(d, s) !== b(d, s) : (d, s) => a(d, s) === b(d, s);
  };
}

/** `<` and `<=` take an optional third operand: a between-check. */
function compileBetween(strict: boolean) {
  const cmp = strict ? lessThan : lessOrEqual;
  const cmpNumber: Binary = strict ? (x, y) => (x as number) < (y as number) : (x, y) => (x as number) <= (y as number);
  const two = strict ? comparison(cmp, cmpNumber, Then.lt, Then.gt) : comparison(cmp, cmpNumber, Then.le, Then.ge);
  return (node: OperationNode, cc: CompileContext): Evaluator => {
    if (node.args.length === 2) return two(node, cc);
    const [a, b, c] = argRuns(node, cc) as [Evaluator, Evaluator, Evaluator];
    return (d, s) => {
      const x = a(d, s);
      const y = b(d, s);
      const z = c(d, s);
      return z === undefined ? cmp(x, y) : cmp(x, y) && cmp(y, z);
    };
  };
}

const explainComparison = (symbol: string) => (args: readonly unknown[], result: unknown) =>
  msg(
    `${args.map((a) => formatValue(a)).join(` ${symbol} `)} is ${result ? 'true' : 'false'}`,
    `${args.map((a) => formatValue(a, 'ru')).join(` ${symbol} `)} — ${result ? 'да' : 'нет'}`,
  );

// ---------------------------------------------------------------- arithmetic

export function plus(values: readonly unknown[]): number {
  let sum = 0;
  for (const v of values) sum += toFloat(v);
  return sum;
}

export function times(values: readonly unknown[]): unknown {
  // json-logic-js reduces without an initial value: one operand comes back unchanged.
  if (values.length === 0) return null;
  let product: unknown = values[0];
  for (let i = 1; i < values.length; i++) product = toFloat(product) * toFloat(values[i]);
  return product;
}

export const minus = (a: unknown, b: unknown): number =>
  b === undefined ? -(prim(a) as number) : (prim(a) as number) - (prim(b) as number);

export const divide = (a: unknown, b: unknown): number => (prim(a) as number) / (prim(b) as number);
export const modulo = (a: unknown, b: unknown): number => (prim(a) as number) % (prim(b) as number);

export function minimum(values: readonly unknown[]): number | null {
  if (values.length === 0) return null;
  let out = Number.POSITIVE_INFINITY;
  for (const v of values) out = Math.min(out, prim(v) as number);
  return out;
}

export function maximum(values: readonly unknown[]): number | null {
  if (values.length === 0) return null;
  let out = Number.NEGATIVE_INFINITY;
  for (const v of values) out = Math.max(out, prim(v) as number);
  return out;
}

/**
 * Two operands read with parseFloat and combined; a written operand is read once, here (toFloat of
 * a primitive is the same on every evaluation).
 */
function binaryFloat(node: OperationNode, cc: CompileContext, op: (x: number, y: number) => number): Evaluator {
  const [left, right] = node.args.map((arg) => cc.compile(arg)) as [Compiled, Compiled];
  const a = left.run;
  const b = right.run;
  if (!cc.tracing && right.constant) {
    const y = toFloat(right.constant.value);
    return (d, s) => op(toFloat(a(d, s)), y);
  }
  if (!cc.tracing && left.constant) {
    const x = toFloat(left.constant.value);
    return (d, s) => op(x, toFloat(b(d, s)));
  }
  return (d, s) => op(toFloat(a(d, s)), toFloat(b(d, s)));
}

const add = (x: number, y: number) => x + y;
const multiply = (x: number, y: number) => x * y;

function compilePlus(node: OperationNode, cc: CompileContext): Evaluator {
  if (!spreads(node) && node.args.length === 2) return binaryFloat(node, cc, add);
  return eagerList(plus, true)(node, cc);
}

function compileTimes(node: OperationNode, cc: CompileContext): Evaluator {
  if (!spreads(node) && node.args.length === 2) return binaryFloat(node, cc, multiply);
  return eagerList(times, true)(node, cc);
}

/** `-`, `/`, `%`: JavaScript's operators on primitives, with numbers taken as they are. */
function compileBinaryArithmetic(fn: (a: unknown, b: unknown) => number, numeric: (x: number, y: number) => number) {
  return (node: OperationNode, cc: CompileContext): Evaluator => {
    const runs = argRuns(node, cc);
    if (runs.length === 1) {
      const [a] = runs as [Evaluator];
      return (d, s) => fn(a(d, s), undefined);
    }
    const [a, b] = runs as [Evaluator, Evaluator];
    return (d, s) => {
      const x = a(d, s);
      const y = b(d, s);
      return typeof x === 'number' && typeof y === 'number' ? numeric(x, y) : fn(x, y);
    };
  };
}

function checkDivisor(node: OperationNode, ctx: CheckContext): void {
  checkNumericOperands(node, ctx);
  const divisor = node.args[1];
  const n = literalNumber(divisor);
  if (divisor && (n === undefined || n === 0)) {
    ctx.warning(
      divisor.path,
      'rule.division_by_zero',
      msg(
        `"${node.op}" by a value that can be 0: json-logic gives ${node.op === '/' ? 'Infinity' : 'NaN'} then, and a comparison like "won / plan >= 1" is true on an empty plan. Use "pct", which is 0 when the divisor is 0`,
        `«${node.op}» на значение, которое может быть 0: json-logic тогда даёт ${node.op === '/' ? 'Infinity' : 'NaN'}, и сравнение вида «факт / план >= 1» истинно при пустом плане. Используйте «pct» — при делителе 0 он равен 0`,
      ),
    );
  }
}

// ---------------------------------------------------------------- strings and lists

function catValues(values: unknown[], node: OperationNode): string {
  const text = joinArray(values, '');
  if (text.length > MAX_TEXT_LENGTH)
    limitExceeded(node, msg('Text grew past 10,000,000 characters', 'Текст длиннее 10 000 000 символов'));
  return text;
}

export function inside(a: unknown, b: unknown): boolean {
  if (!b) return false;
  if (typeof b === 'string') return b.indexOf(toStringJs(a)) !== -1;
  if (Array.isArray(b)) return b.indexOf(a) !== -1;
  return false;
}

function mergeValues(values: unknown[], node: OperationNode): unknown[] {
  let out: unknown[] = [];
  for (const v of values) {
    out = out.concat(v);
    if (out.length > MAX_LIST_LENGTH)
      limitExceeded(node, msg('A list grew past 1,000,000 items', 'Список длиннее 1 000 000 элементов'));
  }
  return out;
}

// ---------------------------------------------------------------- data

function checkPathKeys(keys: readonly string[], path: string, ctx: CheckContext): boolean {
  const bad = keys.find((key) => FORBIDDEN_KEYS.has(key));
  if (bad === undefined) return true;
  ctx.problem(
    path,
    'rule.forbidden_path',
    msg(
      `The path may not contain "${bad}": it reaches into JavaScript prototypes`,
      `Путь не может содержать «${bad}»: это обращение к прототипам JavaScript`,
    ),
  );
  return false;
}

function checkVarPath(value: unknown, path: string, ctx: CheckContext): void {
  if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
    ctx.problem(
      path,
      'rule.literal_type',
      msg('A variable path is text like "kpi.won.actual"', 'Путь переменной — это текст вида "kpi.won.actual"'),
    );
    return;
  }
  const keys = splitVarPath(value);
  if (keys === null) {
    ctx.readDynamic();
    return;
  }
  if (checkPathKeys(keys, path, ctx)) ctx.readPath(keys, path);
}

function checkVar(node: OperationNode, ctx: CheckContext): void {
  const [pathArg] = node.args;
  if (pathArg === undefined) {
    ctx.readDynamic();
    return;
  }
  if (isLiteral(pathArg)) checkVarPath(pathArg.value, pathArg.path, ctx);
  else ctx.readDynamic();
}

const MISSING = Symbol('missing');

/** A `var` of a written path of one to four keys, with a written default if any: what a read site reads. */
export function staticRead(node: RuleNode | undefined, cc: CompileContext) {
  if (cc.tracing || node?.kind !== 'operation' || node.op !== 'var') return undefined;
  const [pathArg, defaultArg] = node.args;
  if (!isLiteral(pathArg)) return undefined;
  const keys = splitVarPath(pathArg.value);
  if (keys === null || keys.length > 4) return undefined;
  if (defaultArg === undefined) return { keys, missing: null as unknown };
  if (!isLiteral(defaultArg) || (typeof defaultArg.value === 'object' && defaultArg.value !== null)) return undefined;
  return { keys, missing: defaultArg.value };
}

/** `node` read and tested in one generated site (`fuse` picks it), when it is a `var` of a written path. */
export function fuseRead(
  node: RuleNode | undefined,
  cc: CompileContext,
  fuse: (keys: readonly string[], missing: unknown) => Evaluator | undefined,
): Evaluator | undefined {
  const read = staticRead(node, cc);
  return read && fuse(read.keys, read.missing);
}

function compileVar(node: OperationNode, cc: CompileContext): Evaluator {
  const [pathArg, defaultArg] = node.args;
  if (pathArg === undefined) return (d) => d;
  const path = cc.compile(pathArg);
  const fallback = defaultArg ? cc.compile(defaultArg) : undefined;
  if (path.constant) {
    const keys = splitVarPath(path.constant.value);
    if (keys === null) return (d) => d;
    const k = fallback?.constant?.value;
    if (!fallback || (fallback.constant && (typeof k !== 'object' || k === null))) {
      return compileLookup(keys, fallback ? k : null);
    }
    const lookup = compileLookup(keys, MISSING);
    const def = fallback.run;
    return (d, s) => {
      const v = lookup(d);
      if (v !== MISSING) return v;
      const f = def(d, s);
      return f === undefined ? null : f;
    };
  }
  const p = path.run;
  const def = fallback?.run;
  return (d, s) => {
    const f = def ? def(d, s) : null;
    return lookupVar(d, p(d, s), f === undefined ? null : f);
  };
}

/** json-logic-js `missing`: a key is missing when its value is null or "" (or absent). */
export function missingKeys(data: unknown, values: readonly unknown[]): unknown[] {
  const keys = Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
  const out: unknown[] = [];
  for (const key of keys) {
    // json-logic-js reads a key that is a list as a `var` with [path, default].
    const value = Array.isArray(key)
      ? lookupVar(data, key[0], key[1] === undefined ? null : key[1])
      : lookupVar(data, key, null);
    if (value === null || value === '') out.push(key);
  }
  return out;
}

function checkMissing(node: OperationNode, ctx: CheckContext): void {
  const list = node.args.length === 1 && node.args[0]?.kind === 'array' ? node.args[0].items : node.args;
  for (const arg of list) {
    if (isLiteral(arg)) checkVarPath(arg.value, arg.path, ctx);
    else ctx.readDynamic();
  }
}

function compileMissing(node: OperationNode, cc: CompileContext): Evaluator {
  const written = node.args.length === 1 && node.args[0]?.kind === 'array' ? node.args[0].items : node.args;
  if (
    !cc.tracing &&
    written.every((arg) => arg.kind === 'literal' && (typeof arg.value === 'string' || typeof arg.value === 'number'))
  ) {
    // Written keys: each is a compiled lookup.
    const keys = written.map((arg) => (arg as { value: string | number }).value);
    const lookups = keys.map((key) => {
      const path = splitVarPath(key);
      return path === null ? (d: unknown) => d : compileLookup(path, null);
    });
    return (d) => {
      const out: unknown[] = [];
      for (let i = 0; i < lookups.length; i++) {
        const value = (lookups[i] as (d: unknown) => unknown)(d);
        if (value === null || value === '') out.push(keys[i]);
      }
      return out;
    };
  }
  const runs = argRuns(node, cc);
  return (d, s) =>
    missingKeys(
      d,
      runs.map((run) => run(d, s)),
    );
}

function compileMissingSome(node: OperationNode, cc: CompileContext): Evaluator {
  const [need, options] = argRuns(node, cc) as [Evaluator, Evaluator];
  return (d, s) => {
    const n = need(d, s);
    const keys = options(d, s);
    const missing = missingKeys(d, Array.isArray(keys) ? keys : [keys]);
    const size = readKey(keys, 'length') as number;
    return size - missing.length >= (prim(n) as number) ? [] : missing;
  };
}

function checkMissingSome(node: OperationNode, ctx: CheckContext): void {
  const [need, options] = node.args;
  if (isLiteral(need) && (typeof need.value !== 'number' || !Number.isInteger(need.value) || need.value < 0)) {
    ctx.problem(
      need.path,
      'rule.literal_type',
      msg('How many must be present is a whole number', 'Сколько должно быть заполнено — целое число'),
    );
  }
  if (isLiteral(options)) {
    ctx.problem(
      options.path,
      'rule.literal_type',
      msg('"missing_some" takes a list of paths', '«missing_some» принимает список путей'),
    );
  } else if (options?.kind === 'array') {
    for (const arg of options.items) {
      if (isLiteral(arg)) checkVarPath(arg.value, arg.path, ctx);
      else ctx.readDynamic();
    }
  } else ctx.readDynamic();
}

// ---------------------------------------------------------------- iterators

type ItemRun = (item: unknown, index: number, list: unknown[], data: unknown, scope: Scope | undefined) => unknown;

function bodyRunner(body: Evaluator, withScopes: boolean): ItemRun {
  if (!withScopes) return (item) => body(item, undefined);
  return (item, index, list, data, scope) => body(item, { meta: { iterator: list, index }, data, up: scope });
}

interface IteratorContext extends CompileContext {
  readonly scopes?: boolean;
}

function compileIterator(kind: 'map' | 'filter' | 'all' | 'none' | 'some') {
  return (node: OperationNode, cc: IteratorContext): Evaluator => {
    const [listArg, bodyArg] = node.args;
    const list = listArg ? cc.compile(listArg).run : () => undefined;
    const body = bodyRunner(bodyArg ? cc.compile(bodyArg).run : () => undefined, cc.scopes === true);
    switch (kind) {
      case 'map':
        return (d, s) => {
          const items = list(d, s);
          if (!Array.isArray(items)) return [];
          const out = new Array(items.length);
          for (let i = 0; i < items.length; i++) out[i] = body(items[i], i, items, d, s);
          return out;
        };
      case 'filter':
        return (d, s) => {
          const items = list(d, s);
          if (!Array.isArray(items)) return [];
          const out: unknown[] = [];
          for (let i = 0; i < items.length; i++) if (truthy(body(items[i], i, items, d, s))) out.push(items[i]);
          return out;
        };
      case 'all':
        return (d, s) => {
          const items = list(d, s);
          if (!Array.isArray(items) || items.length === 0) return false;
          for (let i = 0; i < items.length; i++) if (!truthy(body(items[i], i, items, d, s))) return false;
          return true;
        };
      case 'none':
        return (d, s) => {
          const items = list(d, s);
          if (!Array.isArray(items) || items.length === 0) return true;
          for (let i = 0; i < items.length; i++) if (truthy(body(items[i], i, items, d, s))) return false;
          return true;
        };
      case 'some':
        return (d, s) => {
          const items = list(d, s);
          if (!Array.isArray(items) || items.length === 0) return false;
          for (let i = 0; i < items.length; i++) if (truthy(body(items[i], i, items, d, s))) return true;
          return false;
        };
    }
  };
}

function compileReduce(node: OperationNode, cc: IteratorContext): Evaluator {
  const [listArg, bodyArg, initialArg] = node.args;
  const list = listArg ? cc.compile(listArg).run : () => undefined;
  const body = bodyArg ? cc.compile(bodyArg).run : () => undefined;
  const initial = initialArg ? cc.compile(initialArg).run : () => null;
  const withScopes = cc.scopes === true;
  return (d, s) => {
    const start = initial(d, s);
    const items = list(d, s);
    if (!Array.isArray(items)) return start;
    let accumulator = start;
    const scope = withScopes ? { meta: null, data: d, up: s } : undefined;
    for (let i = 0; i < items.length; i++) accumulator = body({ current: items[i], accumulator }, scope);
    return accumulator;
  };
}

const bodyIsScoped = (index: number) => index === 1;

function checkIterator(node: OperationNode, ctx: CheckContext): void {
  expectNotScalarList(ctx, node.args[0], node);
}

// ---------------------------------------------------------------- registry

export const coreOperations: OperationDescriptor[] = [
  {
    name: 'if',
    group: 'logic',
    listOnly: true,
    arity: arity(0),
    origin: js,
    pure: true,
    summary: msg(
      'if / else-if / else: the value of the first branch whose condition is truthy',
      'если / иначе если / иначе: значение первой ветки с истинным условием',
    ),
    compile: compileIf,
    explain: explainIf,
  },
  {
    name: '?:',
    group: 'logic',
    listOnly: true,
    arity: arity(3, 3),
    origin: js,
    pure: true,
    summary: msg('condition ? then : else', 'условие ? то : иначе'),
    compile: compileIf,
    explain: explainIf,
  },
  {
    name: 'and',
    group: 'logic',
    listOnly: true,
    arity: arity(1),
    origin: js,
    pure: true,
    summary: msg('The first falsy value, or the last value', 'Первое ложное значение или последнее'),
    compile: compileAnd,
  },
  {
    name: 'or',
    group: 'logic',
    listOnly: true,
    arity: arity(1),
    origin: js,
    pure: true,
    summary: msg('The first truthy value, or the last value', 'Первое истинное значение или последнее'),
    compile: compileOr,
  },
  {
    name: '!',
    group: 'logic',
    arity: arity(0, 1),
    origin: js,
    pure: true,
    summary: msg('Not (an empty list is falsy)', 'Не (пустой список — ложь)'),
    compile: compileNot,
  },
  {
    name: '!!',
    group: 'logic',
    arity: arity(0, 1),
    origin: js,
    pure: true,
    summary: msg(
      'Truthiness as true/false (an empty list is false)',
      'Истинность как true/false (пустой список — false)',
    ),
    compile: compileNotNot,
  },
  {
    name: '==',
    group: 'comparison',
    arity: arity(2, 2),
    origin: js,
    pure: true,
    summary: msg('Equal, converting types as JavaScript == does', 'Равно, с приведением типов как в JavaScript =='),
    compile: compileLooseEquals(false),
    explain: explainComparison('=='),
  },
  {
    name: '!=',
    group: 'comparison',
    arity: arity(2, 2),
    origin: js,
    pure: true,
    summary: msg('Not equal (JavaScript !=)', 'Не равно (JavaScript !=)'),
    compile: compileLooseEquals(true),
    explain: explainComparison('!='),
  },
  {
    name: '===',
    group: 'comparison',
    arity: arity(2, 2),
    origin: js,
    pure: true,
    summary: msg('Equal in value and type', 'Равно по значению и типу'),
    compile: compileStrictEquals(false),
    explain: explainComparison('==='),
  },
  {
    name: '!==',
    group: 'comparison',
    arity: arity(2, 2),
    origin: js,
    pure: true,
    summary: msg('Not equal in value or type', 'Не равно по значению или типу'),
    compile: compileStrictEquals(true),
    explain: explainComparison('!=='),
  },
  {
    name: '>',
    group: 'comparison',
    arity: arity(2, 2),
    origin: js,
    pure: true,
    summary: msg('Greater than', 'Больше'),
    compile: comparison(
      (a, b) => lessThan(b, a),
      (a, b) => (a as number) > (b as number),
      Then.gt,
      Then.lt,
    ),
    explain: explainComparison('>'),
  },
  {
    name: '>=',
    group: 'comparison',
    arity: arity(2, 2),
    origin: js,
    pure: true,
    summary: msg('Greater than or equal', 'Больше или равно'),
    compile: comparison(
      (a, b) => lessOrEqual(b, a),
      (a, b) => (a as number) >= (b as number),
      Then.ge,
      Then.le,
    ),
    explain: explainComparison('>='),
  },
  {
    name: '<',
    group: 'comparison',
    arity: arity(2, 3),
    origin: js,
    pure: true,
    summary: msg('Less than; with three operands, strictly between', 'Меньше; с тремя операндами — строго между'),
    compile: compileBetween(true),
    explain: explainComparison('<'),
  },
  {
    name: '<=',
    group: 'comparison',
    arity: arity(2, 3),
    origin: js,
    pure: true,
    summary: msg(
      'Less than or equal; with three operands, between inclusive',
      'Меньше или равно; с тремя операндами — между включительно',
    ),
    compile: compileBetween(false),
    explain: explainComparison('<='),
  },
  {
    name: '+',
    group: 'arithmetic',
    arity: arity(0),
    origin: js,
    pure: true,
    summary: msg(
      'Sum (text is read as a number, as parseFloat does)',
      'Сумма (текст читается как число, как в parseFloat)',
    ),
    check: checkNumericOperands,
    compile: compilePlus,
  },
  {
    name: '*',
    group: 'arithmetic',
    arity: arity(1),
    origin: js,
    pure: true,
    summary: msg('Product', 'Произведение'),
    check: checkNumericOperands,
    compile: compileTimes,
  },
  {
    name: '-',
    group: 'arithmetic',
    arity: arity(1, 2),
    origin: js,
    pure: true,
    summary: msg('Difference; with one operand, the negation', 'Разность; с одним операндом — смена знака'),
    check: checkNumericOperands,
    compile: compileBinaryArithmetic(minus, (x, y) => x - y),
  },
  {
    name: '/',
    group: 'arithmetic',
    arity: arity(2, 2),
    origin: js,
    pure: true,
    summary: msg(
      'Quotient (by 0 it is Infinity, as in json-logic-js: prefer "pct")',
      'Частное (на 0 — Infinity, как в json-logic-js: лучше «pct»)',
    ),
    check: checkDivisor,
    compile: compileBinaryArithmetic(divide, (x, y) => x / y),
  },
  {
    name: '%',
    group: 'arithmetic',
    arity: arity(2, 2),
    origin: js,
    pure: true,
    summary: msg('Remainder', 'Остаток от деления'),
    check: checkDivisor,
    compile: compileBinaryArithmetic(modulo, (x, y) => x % y),
  },
  {
    name: 'min',
    group: 'arithmetic',
    arity: arity(1),
    origin: js,
    pure: true,
    summary: msg('Smallest value', 'Наименьшее значение'),
    check: checkNumericOperands,
    compile: eagerList(minimum, true),
  },
  {
    name: 'max',
    group: 'arithmetic',
    arity: arity(1),
    origin: js,
    pure: true,
    summary: msg('Largest value', 'Наибольшее значение'),
    check: checkNumericOperands,
    compile: eagerList(maximum, true),
  },
  {
    name: 'cat',
    group: 'string',
    arity: arity(0),
    origin: js,
    pure: true,
    summary: msg('Join values into text', 'Склеить значения в текст'),
    compile: eagerList(catValues),
  },
  {
    name: 'substr',
    group: 'string',
    arity: arity(2, 3),
    origin: js,
    pure: true,
    summary: msg(
      'Part of a text: start, length (negative length drops characters from the end)',
      'Часть текста: начало, длина (отрицательная длина отбрасывает символы с конца)',
    ),
    check(node, ctx) {
      for (const arg of node.args.slice(1)) {
        if (isLiteral(arg) && typeof arg.value !== 'number') {
          ctx.problem(arg.path, 'rule.literal_type', msg('Start and length are numbers', 'Начало и длина — числа'));
        }
      }
    },
    compile: eagerList((v) => substr(v[0], v[1], v[2])),
  },
  {
    name: 'in',
    group: 'string',
    arity: arity(2, 2),
    origin: js,
    pure: true,
    summary: msg(
      'Whether a value is in a list, or a text is inside a text',
      'Входит ли значение в список или текст в текст',
    ),
    check(node, ctx) {
      const where = node.args[1];
      if (isLiteral(where) && typeof where.value !== 'string') {
        ctx.problem(
          where.path,
          'rule.literal_type',
          msg('"in" looks into a list or a text', '«in» ищет в списке или в тексте'),
        );
      }
    },
    compile(node, cc) {
      const [needle, haystack] = node.args as [RuleNode, RuleNode];
      if (
        haystack.kind === 'array' &&
        haystack.items.every(
          (item) => item.kind === 'literal' && (typeof item.value !== 'object' || item.value === null),
        )
      ) {
        // A written list of primitives: looked up without building it on every evaluation.
        const list = haystack.items.map((item) => (item as { value: unknown }).value);
        const fused = fuseRead(needle, cc, (keys, m) => compileMember(keys, m, list));
        if (fused) return fused;
        const a = cc.compile(needle).run;
        if (!cc.tracing) return (d, s) => list.indexOf(a(d, s)) !== -1;
      }
      return eagerList((v) => inside(v[0], v[1]))(node, cc);
    },
  },
  {
    name: 'merge',
    group: 'array',
    arity: arity(0),
    origin: js,
    pure: true,
    summary: msg('One flat list from values and lists', 'Один плоский список из значений и списков'),
    compile: eagerList(mergeValues),
  },
  {
    name: 'var',
    group: 'data',
    arity: arity(0, 2),
    origin: js,
    pure: false,
    summary: msg(
      'A value from the context by dot path, with an optional default',
      'Значение из контекста по пути через точку, с необязательным значением по умолчанию',
    ),
    check: checkVar,
    compile: compileVar,
    explain: (args, result, node) => {
      const written = isLiteral(node.args[0]) ? node.args[0].value : args[0];
      const path = written === undefined || written === null || written === '' ? '(context)' : toStringJs(written);
      return msg(`${path} = ${formatValue(result)}`, `${path} = ${formatValue(result, 'ru')}`);
    },
  },
  {
    name: 'missing',
    group: 'data',
    arity: arity(0),
    origin: js,
    pure: false,
    summary: msg('The paths whose values are absent, null or ""', 'Пути, значения которых отсутствуют, null или ""'),
    check: checkMissing,
    compile: compileMissing,
  },
  {
    name: 'missing_some',
    group: 'data',
    arity: arity(2, 2),
    origin: js,
    pure: false,
    summary: msg(
      '[] when at least N of the paths have values, else the missing ones',
      '[], если заполнено хотя бы N путей, иначе незаполненные',
    ),
    check: checkMissingSome,
    compile: compileMissingSome,
  },
  ...(['map', 'filter', 'all', 'none', 'some'] as const).map(
    (name): OperationDescriptor => ({
      name,
      group: 'array',
      arity: arity(2, 2),
      listOnly: true,
      origin: js,
      pure: false,
      scopedArg: bodyIsScoped,
      summary: {
        map: msg('The body applied to each item', 'Тело, применённое к каждому элементу'),
        filter: msg('The items for which the body is truthy', 'Элементы, для которых тело истинно'),
        all: msg(
          'Whether the body is truthy for every item (false for an empty list)',
          'Истинно ли тело для всех элементов (false для пустого списка)',
        ),
        none: msg('Whether the body is falsy for every item', 'Ложно ли тело для всех элементов'),
        some: msg('Whether the body is truthy for at least one item', 'Истинно ли тело хотя бы для одного элемента'),
      }[name],
      check: checkIterator,
      compile: compileIterator(name),
    }),
  ),
  {
    name: 'reduce',
    group: 'array',
    listOnly: true,
    arity: arity(2, 3),
    origin: js,
    pure: false,
    scopedArg: bodyIsScoped,
    summary: msg(
      'Fold a list: the body sees "current" and "accumulator"',
      'Свёртка списка: тело видит "current" и "accumulator"',
    ),
    check: checkIterator,
    compile: compileReduce,
  },
];

export { opPointer };
