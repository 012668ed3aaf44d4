import { type kpiCardTemplates, kpiCoefficients } from '@yardstick/rules';
import { runGoldenCases } from '@yardstick/workflows/evaluation';
import { describe, expect, it } from 'vitest';
import { DEMO_SCHEME_DEFINITION } from '../../../../engine/src/db/seed/demo-data.ts';
import {
  definitionFromTemplate,
  emptyDefinition,
  kpiCoefficientLines,
  metricsRead,
  payoutFollowsLines,
  payoutForLines,
  usableTemplates,
} from './definition.ts';

describe('scheme definitions in the designer', () => {
  it('reads the KPI lines of a «KPI coefficients» rule and knows when the payout follows the lines', () => {
    expect(kpiCoefficientLines(DEMO_SCHEME_DEFINITION.payout)?.map((l) => [l.metric, l.weight])).toEqual([
      ['won_amount', 0.5],
      ['deals_won', 0.2],
      ['calls', 0.3],
    ]);
    expect(payoutFollowsLines(DEMO_SCHEME_DEFINITION)).toBe(true);
    const edited = structuredClone(DEMO_SCHEME_DEFINITION);
    (edited.kpis[0] as { weight: number }).weight = 0.4;
    expect(payoutFollowsLines(edited)).toBe(false);
    expect(payoutFollowsLines({ ...edited, payout: payoutForLines(edited.kpis, 'RUB') })).toBe(true);
    expect(payoutFollowsLines({ ...edited, payout: { '+': [1, 2] } })).toBe(false);
    expect(kpiCoefficientLines({ '+': [1, 2] })).toBeNull();
  });

  it('pays lines with a plan other than 100% through the weighted achievement', () => {
    const lines = [{ metric: 'calls', weight: 1, threshold: 0.5, plan: 0.9, cap: 1.2 }];
    expect(payoutForLines(lines, 'RUB')).toEqual(emptyDefinition('RUB').payout);
    expect(payoutForLines([{ ...lines[0], plan: 1 } as never], 'RUB')).toEqual(
      kpiCoefficients({ lines: [{ metric: 'calls', weight: 1, threshold: 0.5, cap: 1.2, mode: 'linear' }] }),
    );
  });

  it('starts from a usable template whose golden case passes', () => {
    const usable = usableTemplates(['won_amount', 'calls', 'conversion', 'deals_won']);
    expect(usable.map((t) => t.id)).toEqual(['kpi-coefficients']);
    const definition = definitionFromTemplate(usable[0] as (typeof kpiCardTemplates)[number]);
    expect(definition.kpis.map((l) => l.metric)).toEqual(['won_amount', 'calls', 'conversion']);
    expect(payoutFollowsLines(definition)).toBe(true);
    expect(runGoldenCases(definition).map((r) => r.passed)).toEqual([true]);
  });

  it('lists the metrics the lines and the rules read', () => {
    const definition = emptyDefinition();
    definition.kpis = [{ metric: 'calls', weight: 1, threshold: 0.8, cap: 1.2 }];
    definition.alertRules = [
      {
        id: 'a',
        name: { en: 'a', ru: 'a' },
        on: ['evaluation'],
        severity: 'info',
        when: { '<': [{ var: 'kpi.won_amount.actual' }, 1] },
        message: { en: '', ru: '' },
      },
    ];
    expect(metricsRead(definition)).toEqual(['calls', 'won_amount']);
    expect(metricsRead({ ...definition, payout: { nope: [] } })).toEqual(['calls', 'won_amount']);
  });
});
