// Reading paths from the data: `var` (dot paths), `val` (segment lists, with scope climbing),
// `missing` and `exists`. Only own data is visible: inherited methods and prototypes never are.
import { SITE_COPIES, sites1, sites2, sites3, sites4 } from './lookup-sites.generated.ts';
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

function hashPath(keys: readonly string[]): number {
  let h = 2166136261;
  for (const key of keys) {
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    h = Math.imul(h ^ 46, 16777619);
  }
  return (h >>> 0) % SITE_COPIES;
}

/**
 * A compiled lookup of a fixed path: returns `missing` when any step is absent. Paths of up to four
 * keys use a generated copy chosen by the path, so each read site stays monomorphic.
 */
export function compileLookup(keys: readonly string[], missing: unknown): Lookup {
  for (const key of keys) if (FORBIDDEN_KEYS.has(key)) return () => missing;
  const site = hashPath(keys);
  const [k0, k1, k2, k3] = keys as [string, string, string, string];
  switch (keys.length) {
    case 1:
      return (sites1[site] as (typeof sites1)[number])(k0, missing);
    case 2:
      return (sites2[site] as (typeof sites2)[number])(k0, k1, missing);
    case 3:
      return (sites3[site] as (typeof sites3)[number])(k0, k1, k2, missing);
    case 4:
      return (sites4[site] as (typeof sites4)[number])(k0, k1, k2, k3, missing);
    default:
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
