// validate(): parses a rule into nodes and reports every problem with a JSON pointer and RU/EN
// messages. It is iterative in spirit: recursion stops at the depth limit, so no input overflows
// the stack, and it reads only own data properties, so no getter or prototype is ever touched.
import { escapePointer, type OperationNode, operationPointer, type RuleNode } from './ast.ts';
import { msg } from './operations/helpers.ts';
import { operations } from './operations/index.ts';
import type { CheckContext } from './operations/types.ts';
import type { CompileOptions, Message, Problem, References, Rule, ValidationResult } from './types.ts';

export const DEFAULT_LIMITS = { maxDepth: 64, maxNodes: 10_000 } as const;

export interface ParsedRule {
  root: RuleNode | undefined;
  problems: Problem[];
  warnings: Problem[];
  references: References;
  /** Some `val`/`exists` may climb out of an iterator, so iterators must keep their scopes. */
  usesScopes: boolean;
}

class Parser {
  readonly problems: Problem[] = [];
  readonly warnings: Problem[] = [];
  readonly vars = new Set<string>();
  readonly kpis = new Set<string>();
  dynamic = false;
  usesScopes = false;
  private count = 0;
  private tooLarge = false;
  private tooDeep = false;
  private readonly maxDepth: number;
  private readonly maxNodes: number;
  private readonly catalog: ReadonlySet<string> | undefined;

  constructor(options: CompileOptions) {
    this.maxDepth = options.limits?.maxDepth ?? DEFAULT_LIMITS.maxDepth;
    this.maxNodes = options.limits?.maxNodes ?? DEFAULT_LIMITS.maxNodes;
    this.catalog = options.catalog ? new Set(options.catalog) : undefined;
  }

  problem(path: string, code: string, message: Message): void {
    this.problems.push({ path, code, message });
  }

  /** Counts the value and checks the limits; false when parsing must stop here. */
  private enter(path: string, depth: number): boolean {
    if (this.tooLarge) return false;
    if (++this.count > this.maxNodes) {
      this.tooLarge = true;
      this.problem(
        '',
        'rule.too_large',
        msg(`The rule has more than ${this.maxNodes} values`, `В правиле больше ${this.maxNodes} значений`),
      );
      return false;
    }
    if (depth > this.maxDepth) {
      if (!this.tooDeep) {
        this.tooDeep = true;
        this.problem(
          path,
          'rule.too_deep',
          msg(
            `The rule nests deeper than ${this.maxDepth} levels`,
            `Вложенность правила глубже ${this.maxDepth} уровней`,
          ),
        );
      }
      return false;
    }
    return true;
  }

  private notJson(path: string, what: string): void {
    this.problem(
      path,
      'rule.not_json',
      msg(`A rule is plain JSON; ${what} is not`, `Правило — это обычный JSON; ${what} — нет`),
    );
  }

  /** Own enumerable data properties of a plain object, or undefined (and a problem) if it is not one. */
  private plainEntries(raw: object, path: string): [string, unknown][] | undefined {
    const proto = Object.getPrototypeOf(raw);
    if (proto !== Object.prototype && proto !== null) {
      this.notJson(path, `an object of type ${raw.constructor?.name ?? 'unknown'}`);
      return undefined;
    }
    const entries: [string, unknown][] = [];
    for (const key of Object.keys(raw)) {
      const descriptor = Object.getOwnPropertyDescriptor(raw, key);
      if (!descriptor || !('value' in descriptor)) {
        this.notJson(`${path}/${escapePointer(key)}`, 'a property with a getter');
        return undefined;
      }
      entries.push([key, descriptor.value]);
    }
    return entries;
  }

  /** Array items, refusing holes. */
  private arrayItems(raw: unknown[], path: string): unknown[] | undefined {
    for (let i = 0; i < raw.length; i++) {
      if (!Object.hasOwn(raw, i)) {
        this.notJson(`${path}/${i}`, 'a hole in an array');
        return undefined;
      }
    }
    return raw;
  }

  private primitive(raw: unknown, path: string): boolean {
    switch (typeof raw) {
      case 'string':
      case 'boolean':
        return true;
      case 'number':
        if (Number.isFinite(raw)) return true;
        this.notJson(path, String(raw));
        return false;
      case 'object':
        return raw === null;
      default:
        this.notJson(path, typeof raw === 'undefined' ? 'undefined' : `a ${typeof raw}`);
        return false;
    }
  }

  /** Data that is never evaluated (`preserve`, object literals): only JSON-ness and limits. */
  data(raw: unknown, path: string, depth: number): boolean {
    if (!this.enter(path, depth)) return false;
    if (typeof raw !== 'object' || raw === null) return this.primitive(raw, path);
    if (Array.isArray(raw)) {
      const items = this.arrayItems(raw, path);
      return items?.every((item, i) => this.data(item, `${path}/${i}`, depth + 1)) === true;
    }
    const entries = this.plainEntries(raw, path);
    return entries?.every(([k, v]) => this.data(v, `${path}/${escapePointer(k)}`, depth + 1)) === true;
  }

  parse(raw: unknown, path: string, depth: number, scope: number): RuleNode | undefined {
    if (!this.enter(path, depth)) return undefined;
    if (typeof raw !== 'object' || raw === null) {
      return this.primitive(raw, path) ? { kind: 'literal', path, value: raw } : undefined;
    }
    if (Array.isArray(raw)) {
      const items = this.arrayItems(raw, path);
      if (!items) return undefined;
      const nodes = items.map((item, i) => this.parse(item, `${path}/${i}`, depth + 1, scope));
      return nodes.every((n) => n !== undefined) ? { kind: 'array', path, items: nodes as RuleNode[] } : undefined;
    }
    const entries = this.plainEntries(raw, path);
    if (!entries) return undefined;
    if (entries.length !== 1) {
      this.count--; // data() counts this object again
      if (!this.data(raw, path, depth)) return undefined;
      if (entries.length > 1) {
        this.warnings.push({
          path,
          code: 'rule.object_literal',
          message: msg(
            `An object with ${entries.length} keys is data, not an operation (an operation has exactly one key); wrap data in {"preserve": …} to say so`,
            `Объект с ${entries.length} ключами — это данные, а не операция (у операции ровно один ключ); оберните данные в {"preserve": …}, чтобы это было явно`,
          ),
        });
      }
      return { kind: 'literal', path, value: raw };
    }
    const [op, value] = entries[0] as [string, unknown];
    return this.operation(op, value, path, depth, scope);
  }

  private operation(op: string, value: unknown, path: string, depth: number, scope: number): RuleNode | undefined {
    const opPath = `${path}/${escapePointer(op)}`;
    const descriptor = operations.get(op);
    const listForm = Array.isArray(value);
    if (descriptor?.name === 'preserve') {
      if (!this.data(value, opPath, depth + 1)) return undefined;
      return { kind: 'operation', path, op, descriptor, args: [], listForm, raw: value };
    }
    let items: unknown[] | undefined = [value];
    if (listForm) {
      if (!this.enter(opPath, depth + 1)) return undefined;
      items = this.arrayItems(value, opPath);
      if (!items) return undefined;
    }
    const args = items.map((item, i) =>
      this.parse(
        item,
        listForm ? `${opPath}/${i}` : opPath,
        depth + (listForm ? 2 : 1),
        descriptor?.scopedArg?.(i) ? scope + 1 : scope,
      ),
    );
    if (!descriptor) {
      this.problem(opPath, 'rule.unknown_operation', msg(`Unknown operation "${op}"`, `Неизвестная операция «${op}»`));
      return undefined;
    }
    if (!args.every((a) => a !== undefined)) return undefined;
    const node: OperationNode = {
      kind: 'operation',
      path,
      op,
      descriptor,
      args: args as RuleNode[],
      listForm,
      raw: value,
    };
    if (descriptor.listOnly && !listForm) {
      this.problem(
        opPath,
        'rule.arity',
        msg(
          `"${op}" takes a list of arguments: {"${op}": [ … ]}`,
          `«${op}» принимает список аргументов: {"${op}": [ … ]}`,
        ),
      );
      return undefined;
    }
    const [min, max] = descriptor.arity;
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : Number.isFinite(max) ? `${min}–${max}` : `at least ${min}`;
      const expectedRu = min === max ? `${min}` : Number.isFinite(max) ? `${min}–${max}` : `не меньше ${min}`;
      this.problem(
        operationPointer(node),
        'rule.arity',
        msg(
          `"${op}" takes ${expected} argument(s), got ${args.length}`,
          `«${op}» принимает аргументов: ${expectedRu}, передано: ${args.length}`,
        ),
      );
      return undefined;
    }
    if (
      (op === 'val' || op === 'exists') &&
      (node.args[0]?.kind === 'array' || node.args.some((a) => a.kind === 'operation'))
    ) {
      this.usesScopes = true;
    }
    descriptor.check?.(node, this.checkContext(scope));
    return node;
  }

  private checkContext(scope: number): CheckContext {
    return {
      problem: (path, code, message) => this.problem(path, code, message),
      warning: (path, code, message) => this.warnings.push({ path, code, message }),
      readPath: (keys, path, climb = 0) => {
        if (scope - climb !== 0) return;
        this.readRootPath(keys, path);
      },
      readDynamic: (climb = 0) => {
        if (scope - climb === 0) this.dynamic = true;
      },
    };
  }

  private readRootPath(keys: readonly string[], path: string): void {
    this.vars.add(keys.join('.'));
    let kpi: string | undefined;
    if (keys[0] === 'kpi') kpi = keys[1];
    else if (keys[0] === 'team' && keys[1] === 'kpi') kpi = keys[2];
    else if (keys[0] === 'team' && keys.length === 1) this.dynamic = true;
    if ((keys[0] === 'kpi' && keys.length === 1) || (keys[0] === 'team' && keys[1] === 'kpi' && keys.length === 2)) {
      this.dynamic = true;
    }
    if (kpi === undefined) return;
    this.kpis.add(kpi);
    if (this.catalog && !this.catalog.has(kpi)) {
      this.problem(
        path,
        'rule.unknown_kpi',
        msg(
          `Unknown KPI "${kpi}": it is not in the metric catalog`,
          `Неизвестный KPI «${kpi}»: его нет в каталоге метрик`,
        ),
      );
    }
  }
}

export function parseRule(rule: Rule, options: CompileOptions = {}): ParsedRule {
  const parser = new Parser(options);
  const root = parser.parse(rule, '', 0, 0);
  return {
    root: parser.problems.length === 0 ? root : undefined,
    problems: parser.problems,
    warnings: parser.warnings,
    references: { vars: [...parser.vars].sort(), kpis: [...parser.kpis].sort(), dynamic: parser.dynamic },
    usesScopes: parser.usesScopes,
  };
}

/** Every problem in a rule (with RU/EN messages and JSON pointers), or ok with warnings. */
export function validate(rule: Rule, options: CompileOptions = {}): ValidationResult {
  const parsed = parseRule(rule, options);
  return parsed.problems.length === 0
    ? { ok: true, warnings: parsed.warnings }
    : { ok: false, problems: parsed.problems };
}
