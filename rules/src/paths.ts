// Reading paths from the data: `var` (dot paths), `val` (segment lists, with scope climbing),
// `missing` and `exists`. Only own data is visible: inherited methods and prototypes never are.
import { equalSites, kpiSites, memberSites, orderSites, readSites } from './lookup-sites.generated.ts';
import type { KpiCode, OrderCode } from './read-tests.ts';
import { toStringJs } from './semantics.ts';

/** Keys that reach into prototypes; never read, whether written in the rule or computed. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type Lookup = (data: unknown) => unknown;

/** One step into the data: undefined when absent, inherited or a function (never JSON). */
export function readKey(data: unknown, key: string): unknown {
  if (data === null || data === undefined || FORBIDDEN_KEYS.has(key)) return undefined;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === 'function' ? undefined : value;
}

/** json-logic `var` path: "a.b.0" → ["a", "b", "0"]; "" and null mean the whole data. */
export function splitVarPath(path: unknown): string[] | null {
  if (path === undefined || path === null || path === '') return null;
  return toStringJs(path).split('.');
}

type Family = 'read' | 'order' | 'equal' | 'member' | 'kpi';
const FAMILIES = { read: readSites, order: orderSites, equal: equalSites, member: memberSites, kpi: kpiSites };

/** The copy each path reads through, by family, and how many copies of each depth are handed out. */
const assigned = new Map<string, number>();
const handedOut = new Map<string, number>();

/**
 * A generated site for `keys` in `family`: the first distinct paths of each depth get a copy of their
 * own (a shared copy sees several keys and turns megamorphic); once every copy is taken, paths share
 * by hash. Undefined for a path that is not one to four keys of own data.
 */
function siteFor(family: Family, keys: readonly string[]): ((...args: unknown[]) => Lookup) | undefined {
  if (keys.length === 0 || keys.length > 4) return undefined;
  for (const key of keys) if (FORBIDDEN_KEYS.has(key)) return undefined;
  const copies = FAMILIES[family][keys.length] as readonly ((...args: unknown[]) => Lookup)[];
  const id = `${family}\u0000${keys.join('\u0000')}`;
  let copy = assigned.get(id);
  if (copy === undefined) {
    const counter = `${family}${keys.length}`;
    const next = handedOut.get(counter) ?? 0;
    if (next < copies.length) {
      copy = next;
      handedOut.set(counter, next + 1);
      assigned.set(id, copy);
    } else copy = hashPath(keys) % copies.length;
  }
  return copies[copy];
}

function hashPath(keys: readonly string[]): number {
  let h = 2166136261;
  for (const key of keys) {
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    h = Math.imul(h ^ 46, 16777619);
  }
  return h >>> 0;
}

/**
 * A compiled lookup of a fixed path: returns `missing` when any step is absent. Paths of up to four
 * keys use a generated copy chosen by the path, so each read site stays monomorphic.
 */
export function compileLookup(keys: readonly string[], missing: unknown): Lookup {
  for (const key of keys) if (FORBIDDEN_KEYS.has(key)) return () => missing;
  const site = siteFor('read', keys);
  return site ? site(...keys, missing) : deepLookup(keys, missing);
}

// Reads fused with a test (see read-tests.ts). Each gives undefined when the path has no site; the
// caller then compiles the read and the test apart.

/** x < a, x <= a, x > a, x >= a, with a a number. */
export function compileOrder(keys: readonly string[], missing: unknown, op: OrderCode, a: number): Lookup | undefined {
  return siteFor('order', keys)?.(...keys, missing, op, a);
}

/** x == a (a a number or a text), or x === a (`strict`, a any primitive); `negate` for != and !==. */
export function compileEqual(
  keys: readonly string[],
  missing: unknown,
  a: unknown,
  strict: boolean,
  negate: boolean,
): Lookup | undefined {
  if (!strict && typeof a !== 'number' && typeof a !== 'string') return undefined;
  return siteFor('equal', keys)?.(...keys, missing, a, strict ? null : typeof a, negate);
}

/** x in a written list of primitives: a long one becomes a Set (JSON has no NaN, where the two differ). */
export function compileMember(keys: readonly string[], missing: unknown, list: readonly unknown[]): Lookup | undefined {
  const set = list.length > SET_FROM;
  return siteFor('member', keys)?.(...keys, missing, set ? new Set(list) : list, set);
}

/** scale, tier or clamp with written points (see Then). */
export function compileKpi(
  keys: readonly string[],
  missing: unknown,
  op: KpiCode,
  a: unknown,
  b: unknown,
  c?: unknown,
): Lookup | undefined {
  return siteFor('kpi', keys)?.(...keys, missing, op, a, b, c);
}

/** A written `in` list longer than this is looked up in a Set. */
const SET_FROM = 8;

function deepLookup(keys: readonly string[], missing: unknown): Lookup {
  return (data) => {
    let current = data;
    for (const key of keys) {
      if (current === null || current === undefined) return missing;
      current = readKey(current, key);
      if (current === undefined) return missing;
    }
    return current;
  };
}

/** json-logic-js `var` on a computed path (the default applies to absent values, not to null). */
export function lookupVar(data: unknown, path: unknown, missing: unknown): unknown {
  const keys = splitVarPath(path);
  if (keys === null) return data;
  let current = data;
  for (const key of keys) {
    if (current === null || current === undefined) return missing;
    current = readKey(current, key);
    if (current === undefined) return missing;
  }
  return current;
}
