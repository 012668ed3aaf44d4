// Operations json-logic-js lacks, as the community suites (json-logic/compat-tables) define them:
// `val`, `exists`, `??`, `throw`, `try`, `preserve`.
import { isLiteral, type OperationNode, type RuleNode } from '../ast.ts';
import { RuleThrow } from '../errors.ts';
import { cloneJson } from '../json.ts';
import { FORBIDDEN_KEYS, readKey } from '../paths.ts';
import { toStringJs } from '../semantics.ts';
import { argRuns, msg } from './helpers.ts';
import type { CheckContext, CompileContext, Evaluator, OperationDescriptor, Scope } from './types.ts';

const community = 'community' as const;
const NOT_FOUND = Symbol('not found');

/** Climb `levels` scopes: odd levels are an iterator's meta ({ index, iterator }), even levels its outer data. */
function climb(data: unknown, scope: Scope | undefined, levels: number): unknown {
  let current = data;
  let at = scope;
  for (let level = 1; level <= levels; level++) {
    if (at === undefined) return undefined;
    if (level % 2 === 1) current = at.meta;
    else {
      current = at.data;
      at = at.up;
    }
  }
  return current;
}

/** `val` path semantics: a single key, or [[levels], ...keys] / [...keys]. NOT_FOUND when absent. */
function resolveVal(args: readonly unknown[], data: unknown, scope: Scope | undefined): unknown {
  if (args.length === 1 && !Array.isArray(args[0])) {
    if (data === null || data === undefined) return NOT_FOUND;
    const v = readKey(data, toStringJs(args[0]));
    return v === undefined ? NOT_FOUND : v;
  }
  let current = data;
  let start = 0;
  const first = args[0];
  if (Array.isArray(first) && first.length === 1) {
    start = 1;
    current = climb(data, scope, Math.abs(Number(first[0])) || 0);
  }
  for (let i = start; i < args.length; i++) {
    if (current === null || current === undefined) return NOT_FOUND;
    current = readKey(current, toStringJs(args[i]));
    if (current === undefined) return NOT_FOUND;
  }
  return current === undefined ? NOT_FOUND : current;
}

/** Static `val` paths: report reads at the root scope, refuse prototype keys. */
function checkVal(node: OperationNode, ctx: CheckContext): void {
  const args = node.args;
  if (!args.every((arg) => isLiteral(arg) || (arg.kind === 'array' && arg.items.every(isLiteral)))) {
    ctx.readDynamic();
    return;
  }
  let levels = 0;
  let keys: unknown[] = args.map((arg) => (arg.kind === 'literal' ? arg.value : undefined));
  const first = args[0];
  if (first?.kind === 'array') {
    if (first.items.length !== 1 || typeof (first.items[0] as { value?: unknown }).value !== 'number') {
      ctx.problem(
        first.path,
        'rule.literal_type',
        msg('A scope climb is written [n], e.g. [[2], "key"]', 'Подъём по областям пишется [n], например [[2], "key"]'),
      );
      return;
    }
    levels = Math.abs((first.items[0] as { value: number }).value);
    keys = keys.slice(1);
  }
  for (const [i, key] of keys.entries()) {
    if (typeof key !== 'string' && typeof key !== 'number') {
      ctx.problem(
        args[i + (levels ? 1 : 0)]?.path ?? node.path,
        'rule.literal_type',
        msg('A path segment is text or a number', 'Сегмент пути — текст или число'),
      );
      return;
    }
    if (FORBIDDEN_KEYS.has(String(key))) {
      ctx.problem(
        args[i + (levels ? 1 : 0)]?.path ?? node.path,
        'rule.forbidden_path',
        msg(
          `The path may not contain "${key}": it reaches into JavaScript prototypes`,
          `Путь не может содержать «${key}»: это обращение к прототипам JavaScript`,
        ),
      );
      return;
    }
  }
  // Odd levels are an iterator's meta, even levels its outer data (2 → one iterator out).
  if (levels % 2 === 1) return;
  if (keys.length === 0) ctx.readDynamic(levels / 2);
  else ctx.readPath(keys.map(String), node.path, levels / 2);
}

function compileVal(node: OperationNode, cc: CompileContext): Evaluator {
  const runs = argRuns(node, cc);
  return (d, s) => {
    const v = resolveVal(
      runs.map((run) => run(d, s)),
      d,
      s,
    );
    return v === NOT_FOUND ? null : v;
  };
}

function compileExists(node: OperationNode, cc: CompileContext): Evaluator {
  const runs = argRuns(node, cc);
  return (d, s) =>
    resolveVal(
      runs.map((run) => run(d, s)),
      d,
      s,
    ) !== NOT_FOUND;
}

function compileCoalesce(node: OperationNode, cc: CompileContext): Evaluator {
  const runs = argRuns(node, cc);
  return (d, s) => {
    for (const run of runs) {
      const v = run(d, s);
      if (v !== null && v !== undefined) return v;
    }
    return null;
  };
}

function thrownType(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const type = readKey(value, 'type');
    return type === undefined ? value : type;
  }
  return value;
}

function compileThrow(node: OperationNode, cc: CompileContext): Evaluator {
  const [a] = argRuns(node, cc) as [Evaluator];
  return (d, s) => {
    throw new RuleThrow(thrownType(a(d, s)), node.path);
  };
}

function compileTry(node: OperationNode, cc: CompileContext): Evaluator {
  const runs = argRuns(node, cc);
  return (d, s) => {
    let error: RuleThrow | undefined;
    for (const run of runs) {
      try {
        return error === undefined ? run(d, s) : run({ type: error.type }, { meta: null, data: d, up: s });
      } catch (e) {
        if (!(e instanceof RuleThrow)) throw e;
        error = e;
      }
    }
    throw error ?? new RuleThrow(null, node.path);
  };
}

const afterFirst = (index: number) => index >= 1;

function checkPreserve(_node: OperationNode, _ctx: CheckContext): void {}

export const extensionOperations: OperationDescriptor[] = [
  {
    name: 'val',
    group: 'data',
    arity: [0, Number.POSITIVE_INFINITY],
    origin: community,
    pure: false,
    summary: msg(
      'A value by a list of keys (no dot splitting); [[n], …] first climbs n scopes out of an iterator',
      'Значение по списку ключей (без разбиения по точкам); [[n], …] сначала поднимается на n областей из итератора',
    ),
    check: checkVal,
    compile: compileVal,
  },
  {
    name: 'exists',
    group: 'data',
    arity: [1, Number.POSITIVE_INFINITY],
    origin: community,
    pure: false,
    summary: msg('Whether the key path is present (even with null)', 'Есть ли путь из ключей (даже со значением null)'),
    check: checkVal,
    compile: compileExists,
  },
  {
    name: '??',
    group: 'logic',
    arity: [0, Number.POSITIVE_INFINITY],
    origin: community,
    pure: true,
    summary: msg('The first value that is not null', 'Первое значение, не равное null'),
    compile: compileCoalesce,
  },
  {
    name: 'throw',
    group: 'control',
    arity: [1, 1],
    origin: community,
    pure: false,
    summary: msg(
      'Stop the evaluation with an error type (caught by "try"; otherwise evaluate() throws RuleError rule.thrown)',
      'Остановить вычисление с типом ошибки (перехватывает «try»; иначе evaluate() бросает RuleError rule.thrown)',
    ),
    compile: compileThrow,
  },
  {
    name: 'try',
    group: 'control',
    arity: [1, Number.POSITIVE_INFINITY],
    origin: community,
    pure: false,
    scopedArg: afterFirst,
    summary: msg(
      'The first argument that does not throw; a fallback sees {"type": …} of the error',
      'Первый аргумент, который не бросил ошибку; запасной вариант видит {"type": …} ошибки',
    ),
    compile: compileTry,
  },
  {
    name: 'preserve',
    group: 'data',
    arity: [0, Number.POSITIVE_INFINITY],
    origin: community,
    pure: true,
    summary: msg('Its argument as data, not evaluated', 'Аргумент как данные, без вычисления'),
    check: checkPreserve,
    compile: (node: OperationNode) => {
      const raw = node.raw;
      if (typeof raw !== 'object' || raw === null) return () => raw;
      return () => cloneJson(raw);
    },
  },
];

export type { RuleNode };
