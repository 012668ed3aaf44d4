import type { SchemeDefinition } from '@yardstick/workflows/evaluation';
import { describe, expect, it } from 'vitest';
import { DEMO_SCHEME_DEFINITION } from '../../../../engine/src/db/seed/demo-data.ts';
import { definitionProblems, problemsAt, problemsFromDetails, runGolden } from './problems.ts';

const CATALOG = ['won_amount', 'deals_won', 'calls', 'conversion'];
const demo = (): SchemeDefinition => structuredClone(DEMO_SCHEME_DEFINITION);

describe('definition problems', () => {
  it('finds none in the demo scheme', () => {
    expect(definitionProblems(demo(), CATALOG)).toEqual([]);
  });

  it('points at the weights, the metric and the line limits', () => {
    const definition = demo();
    definition.kpis[0] = { metric: 'nope', weight: 0.4, threshold: 1.1, cap: 0.9 };
    definition.kpis[1] = { ...(definition.kpis[1] as SchemeDefinition['kpis'][number]), metric: 'calls' };
    const problems = definitionProblems(definition, CATALOG);
    expect(problems.map((p) => [p.path, p.message.en])).toEqual(
      expect.arrayContaining([
        ['/kpis/0/metric', 'There is no metric "nope"'],
        ['/kpis/0/threshold', 'The threshold is at most the plan'],
        ['/kpis/0/cap', 'The cap is at least the plan'],
        ['/kpis/2/metric', 'This metric already has a line'],
        ['/kpis', 'The weights add up to 90%, not 100%'],
      ]),
    );
    expect(problemsAt(problems, '/kpis/0').map((p) => p.path)).toEqual([
      '/kpis/0/metric',
      '/kpis/0/threshold',
      '/kpis/0/cap',
    ]);
  });

  it('validates the rules against the catalog and asks for golden cases', () => {
    const definition = demo();
    definition.payout = { '*': [{ var: 'kpi.unknown_metric.actual' }, 2] };
    definition.goldenCases = [];
    const paths = definitionProblems(definition, CATALOG).map((p) => p.path);
    expect(paths.some((p) => p.startsWith('/payout'))).toBe(true);
    expect(paths).toContain('/goldenCases');
  });

  it('runs the golden cases, and none while a rule does not compile', () => {
    expect(runGolden(demo()).results.map((r) => r.passed)).toEqual([true, true, true]);
    expect(runGolden({ ...demo(), payout: { nope: [] } })).toEqual({ ok: false, results: [] });
  });

  it('reads the engine’s 422 details relative to the definition', () => {
    expect(
      problemsFromDetails([
        { path: '/definition/kpis/0/weight', message: 'Too big' },
        { path: '/payout/money', code: 'x', message: 'Bad', messageRu: 'Плохо' },
        {
          path: '/goldenCases/1',
          case: 'on plan',
          expected: { payout: '1.00', currency: 'RUB' },
          actual: { payout: '2.00', currency: 'RUB' },
        },
        'junk',
      ]),
    ).toEqual([
      { path: '/kpis/0/weight', message: { en: 'Too big', ru: 'Too big' } },
      { path: '/payout/money', message: { en: 'Bad', ru: 'Плохо' } },
      {
        path: '/goldenCases/1',
        message: {
          en: 'Golden case "on plan" expected 1.00 RUB, got 2.00 RUB',
          ru: 'Эталонный пример «on plan»: ожидалось 1.00 RUB, получилось 2.00 RUB',
        },
      },
    ]);
  });
});
