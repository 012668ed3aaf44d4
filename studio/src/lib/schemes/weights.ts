// KPI line weights as HR writes them (percent, two decimals) and as a definition stores them (0–1). The
// sum is checked in hundredths of a percent, integers, so 33.33 + 33.33 + 33.34 is exactly 100.

/** Hundredths of a percent in a whole card: 100%. */
export const FULL_WEIGHT = 10_000;

/** A stored weight (0–1) as hundredths of a percent. */
export function weightToBasisPoints(weight: number): number {
  return Math.round(weight * FULL_WEIGHT);
}

/** A stored weight as the percent shown in the editor: 0.3 → 30, 0.3333 → 33.33. */
export function weightToPercent(weight: number): number {
  return weightToBasisPoints(weight) / 100;
}

/** A percent typed in the editor as the stored weight; null when it is not a number from 0 to 100. */
export function percentToWeight(percent: number | string): number | null {
  const value = typeof percent === 'number' ? percent : Number(String(percent).replace(',', '.').trim());
  if (String(percent).trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) return null;
  return Math.round(value * 100) / FULL_WEIGHT;
}

export interface WeightSum {
  /** the sum in percent, e.g. 95 */
  percent: number;
  /** percent still to assign (negative: over 100%) */
  remaining: number;
  ok: boolean;
}

export function weightSum(weights: readonly number[]): WeightSum {
  const total = weights.reduce((sum, w) => sum + weightToBasisPoints(w), 0);
  return { percent: total / 100, remaining: (FULL_WEIGHT - total) / 100, ok: total === FULL_WEIGHT };
}

/** Equal weights that add up to exactly 100% (the last line takes the rounding). */
export function evenWeights(count: number): number[] {
  if (count <= 0) return [];
  const each = Math.floor(FULL_WEIGHT / count);
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? (FULL_WEIGHT - each * (count - 1)) / FULL_WEIGHT : each / FULL_WEIGHT,
  );
}
