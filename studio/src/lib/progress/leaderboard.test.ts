import { describe, expect, it } from 'vitest';
import { byBand, periodChoices, rankBy, readFilters } from './leaderboard.ts';

const now = new Date('2026-12-03T12:00:00Z');

describe('leaderboard filters', () => {
  it('reads metric, period, department and view from the URL, with defaults', () => {
    expect(readFilters(new URLSearchParams(''), ['won_amount', 'calls'], now)).toEqual({
      metric: 'won_amount',
      period: '2026-12',
      department: undefined,
      view: 'ranks',
    });
    expect(
      readFilters(
        new URLSearchParams('metric=calls&period=2026-Q4&department=d1&view=bands'),
        ['won_amount', 'calls'],
        now,
      ),
    ).toEqual({ metric: 'calls', period: '2026-Q4', department: 'd1', view: 'bands' });
    expect(readFilters(new URLSearchParams('metric=nope&period=junk'), ['calls'], now)).toMatchObject({
      metric: 'calls',
      period: '2026-12',
    });
  });

  it('ranks by a scheme’s weighted KPI when the metric parameter names one', () => {
    const filters = readFilters(new URLSearchParams('metric=kpi:s-1'), ['calls'], now);
    expect(filters.metric).toBe('kpi:s-1');
    expect(rankBy('kpi:s-1')).toEqual({ scheme: 's-1' });
    expect(rankBy('calls')).toEqual({ metric: 'calls' });
    expect(readFilters(new URLSearchParams('metric=kpi:'), ['calls'], now).metric).toBe('calls');
  });

  it('offers the last twelve months and keeps a period given in the URL', () => {
    expect(periodChoices('2026-12', now).slice(0, 3)).toEqual(['2026-12', '2026-11', '2026-10']);
    expect(periodChoices('2026-Q4', now)[0]).toBe('2026-Q4');
    expect(periodChoices('2026-Q4', now)).toHaveLength(13);
  });
});

describe('byBand', () => {
  const row = (name: string, band: 'q1' | 'q2' | 'q3' | 'q4' | null, rank: number | null) => ({
    employee: { id: name, name },
    band,
    rank,
  });
  const rows = [row('Zoe', 'q1', 1), row('Adam', 'q1', 2), row('Max', 'q3', 3), row('Ann', null, null)];

  it('groups the best band first and the people without figures last', () => {
    expect(byBand(rows, false).map((g) => [g.band, g.rows.map((r) => r.employee.name)])).toEqual([
      ['q1', ['Zoe', 'Adam']],
      ['q3', ['Max']],
      [null, ['Ann']],
    ]);
  });

  it('orders each band by name when ranks are hidden, so the order does not give them away', () => {
    expect(byBand(rows, true)[0]?.rows.map((r) => r.employee.name)).toEqual(['Adam', 'Zoe']);
  });
});
