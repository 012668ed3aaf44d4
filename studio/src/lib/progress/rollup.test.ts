import { describe, expect, it } from 'vitest';
import { type RollUpMetric, rollUp } from './rollup.ts';

const metrics: RollUpMetric[] = [
  { key: 'won_amount', unit: 'money', direction: 'higher', thresholds: { onTrack: 0.95, atRisk: 0.8 } },
  { key: 'conversion', unit: 'percent', direction: 'higher', thresholds: { onTrack: 0.95, atRisk: 0.8 } },
];

const item = (
  id: string,
  department: string,
  metric: string,
  actual: number | string,
  plan: number | string | null,
) => ({
  employee: { id, department },
  metric,
  unit: metric === 'won_amount' ? ('money' as const) : ('percent' as const),
  actual,
  plan,
  forecast: typeof actual === 'number' ? actual * 2 : Number(actual) * 2,
  pace: 0.5,
});

describe('rollUp', () => {
  const items = [
    item('a', 'd1', 'won_amount', '600000.00', '1000000.00'),
    item('b', 'd1', 'won_amount', '300000.00', '1000000.00'),
    item('c', 'd2', 'won_amount', '400000.00', '500000.00'),
    item('h', 'd2', 'won_amount', '900000.00', null),
    item('a', 'd1', 'conversion', 0.5, 0.75),
  ];

  it('sums the planned people of each department and the company, and judges the sum at the period’s pace', () => {
    const figures = rollUp(items, [], metrics, 0.5, true);
    expect(figures.map((f) => [f.scope, f.metric, f.actual, f.plan, f.attainment, f.status, f.members])).toEqual([
      ['company', 'won_amount', 1_300_000, 2_500_000, 0.52, 'on_track', 3],
      ['department:d1', 'won_amount', 900_000, 2_000_000, 0.45, 'at_risk', 2],
      ['department:d2', 'won_amount', 400_000, 500_000, 0.8, 'on_track', 1],
    ]);
    expect(figures[0]?.forecast).toBe(2_600_000);
  });

  it('prefers a plan the group has of its own, and leaves the company out when asked', () => {
    const own = {
      scope: 'department:d1',
      metric: 'conversion',
      unit: 'percent' as const,
      actual: 0.5,
      plan: 0.6,
      attainment: 0.8333,
      pace: 1,
      status: 'at_risk' as const,
      forecast: 0.5,
    };
    const figures = rollUp(items, [own], metrics, 0.5, false);
    expect(figures.find((f) => f.metric === 'conversion')).toMatchObject({ scope: 'department:d1', members: null });
    expect(figures.some((f) => f.scope === 'company')).toBe(false);
  });
});
