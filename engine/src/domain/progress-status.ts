// Whether a figure is on track: its attainment against the share of the period's working days that
// has passed (the pace), with the metric's margins. Pure, so the studio judges the figures it sums
// (a department's total) by the very rule the engine uses for each employee.
import type { MetricThresholds } from '../db/entities/metric.entity.ts';

export type ProgressStatus = 'on_track' | 'at_risk' | 'off_track';

export const DEFAULT_THRESHOLDS: MetricThresholds = { onTrack: 0.95, atRisk: 0.8 };

export function statusOf(
  attainment: number,
  pace: number,
  direction: 'higher' | 'lower',
  thresholds: MetricThresholds,
): ProgressStatus {
  if (direction === 'higher') {
    if (attainment >= pace * thresholds.onTrack) return 'on_track';
    return attainment >= pace * thresholds.atRisk ? 'at_risk' : 'off_track';
  }
  // lower is better: the same margins, as an allowance above the expected share of the plan
  if (attainment <= pace / thresholds.onTrack) return 'on_track';
  return attainment <= pace / thresholds.atRisk ? 'at_risk' : 'off_track';
}
