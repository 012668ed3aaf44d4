// What a generated read site (lookup-sites.generated.ts) does with the value it reads: return it,
// or test it against written constants, so that `{"<": [{"var": "kpi.won.attainment"}, 0.5]}` is
// one closure call with no boxed number in between. The generated code handles numbers (and values
// of the constant's type) inline and hands every other value to settle(), which applies the
// operation's full rule. Each family of sites stays small enough for V8 to inline it.
import { kpiNumber } from './operations/kpi-number.ts';
import { lessOrEqual, lessThan } from './semantics.ts';

/** The tests, by family; the generated code holds these numbers. */
export const Then = {
  /** family "order": x < a, x <= a, x > a, x >= a; a is a number */
  lt: 1,
  le: 2,
  gt: 3,
  ge: 4,
  /** family "kpi": scale, linear, with consistent written points threshold a, plan b, cap c */
  scale: 5,
  /** tier, "first" mode, written table: bounds a (ascending numbers), results b */
  tier: 6,
  /** clamp to the written bounds a ≤ b */
  clamp: 7,
} as const;

export type OrderCode = (typeof Then)['lt' | 'le' | 'gt' | 'ge'];
export type KpiCode = (typeof Then)['scale' | 'tier' | 'clamp'];

/** The test on a value the inline code does not handle: not a number (or not a finite one). */
export function settle(op: number, x: unknown, a: unknown, b: unknown, c: unknown): unknown {
  switch (op) {
    case Then.lt:
      return lessThan(x, a);
    case Then.le:
      return lessOrEqual(x, a);
    case Then.gt:
      return lessThan(a, x);
    case Then.ge:
      return lessOrEqual(a, x);
  }
  const v = kpiNumber(x);
  if (Number.isNaN(v)) return null;
  switch (op) {
    case Then.scale:
      return v < (a as number) ? 0 : (v < (c as number) ? v : (c as number)) / (b as number);
    case Then.tier: {
      const bounds = a as number[];
      for (let i = bounds.length - 1; i >= 0; i--) if (v >= (bounds[i] as number)) return (b as unknown[])[i];
      return null;
    }
    default:
      return Math.min(Math.max(v, a as number), b as number);
  }
}
