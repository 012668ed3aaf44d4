// The number policy of the KPI operations, shared with the generated read sites.
import { DECIMAL_PATTERN } from '../ast.ts';
import { Fixed } from '../fixed.ts';
import { Dec } from '../money.ts';

/** The KPI number policy: numbers and decimal strings; null counts as 0; anything else is NaN. */
export function kpiNumber(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return DECIMAL_PATTERN.test(value) ? Number(value) : Number.NaN;
  if (value instanceof Fixed) return value.m / 10 ** value.e;
  if (value instanceof Dec) return (value as Dec).isFinite() ? (value as Dec).toNumber() : Number.NaN;
  return Number.NaN;
}
