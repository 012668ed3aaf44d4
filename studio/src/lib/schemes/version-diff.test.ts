import { kpiCoefficients } from '@yardstick/rules';
import type { SchemeDefinition } from '@yardstick/workflows/evaluation';
import { describe, expect, it } from 'vitest';
import { DEMO_SCHEME_DEFINITION } from '../../../../engine/src/db/seed/demo-data.ts';
import { compactJson, diffDefinitions, diffRule } from './version-diff.ts';

const demo = (): SchemeDefinition => structuredClone(DEMO_SCHEME_DEFINITION);

describe('diffDefinitions', () => {
  it('finds nothing between a version and its copy', () => {
    expect(diffDefinitions(demo(), demo())).toEqual([]);
  });

  it('names KPI lines added, removed and changed, field by field', () => {
    const after = demo();
    after.kpis = [
      { metric: 'won_amount', weight: 0.6, threshold: 0.8, cap: 1.3 },
      { metric: 'calls', weight: 0.3, threshold: 0.7, cap: 1.1 },
      { metric: 'conversion', weight: 0.1, threshold: 0.5, cap: 1.2, scale: 'stepped' },
    ];
    const changes = diffDefinitions(demo(), after).filter((c) => c.kind.startsWith('kpi'));
    expect(changes).toEqual([
      { kind: 'kpi.removed', metric: 'deals_won', weight: 0.2 },
      {
        kind: 'kpi.changed',
        metric: 'won_amount',
        fields: [
          { field: 'weight', before: 0.5, after: 0.6 },
          { field: 'cap', before: 1.2, after: 1.3 },
        ],
      },
      { kind: 'kpi.added', metric: 'conversion', weight: 0.1 },
    ]);
  });

  it('shows where the payout rule changed, with the part before and after', () => {
    const after = demo();
    after.payout = kpiCoefficients({
      lines: [
        { metric: 'won_amount', weight: 0.5, threshold: 0.9, cap: 1.2 },
        { metric: 'deals_won', weight: 0.2, threshold: 0.5, cap: 1.5 },
        { metric: 'calls', weight: 0.3, threshold: 0.7, cap: 1.1 },
      ],
    });
    const payout = diffDefinitions(demo(), after).find((c) => c.kind === 'payout');
    expect(payout).toEqual({
      kind: 'payout',
      changes: [{ path: '/money/0/*/1/weighted/0/1/scale/1', before: 0.8, after: 0.9 }],
    });
  });

  it('reports settings, scope, base bonus per role, alerts, golden cases and the review policy', () => {
    const after = demo();
    after.periodKind = 'quarter';
    after.scope.departments = ['moscow-b2b'];
    after.baseBonusByRole = { head_of_sales: '90000.00' };
    after.alertRules = [{ ...(after.alertRules[0] as SchemeDefinition['alertRules'][number]), severity: 'warning' }];
    after.goldenCases = [
      ...(after.goldenCases ?? []).slice(1),
      { ...(after.goldenCases?.[0] as NonNullable<SchemeDefinition['goldenCases']>[number]), name: 'new case' },
    ];
    (after.goldenCases[0] as { expected: { payout: string } }).expected.payout = '1.00';
    after.reviewPolicy = { ...(after.reviewPolicy as NonNullable<SchemeDefinition['reviewPolicy']>), deadlineDays: 7 };
    const kinds = diffDefinitions(demo(), after);
    expect(kinds).toEqual([
      { kind: 'setting', field: 'periodKind', before: 'month', after: 'quarter' },
      { kind: 'scope', field: 'departments', added: [], removed: ['spb-retail'] },
      { kind: 'baseBonus', role: 'head_of_sales', before: null, after: '90000.00' },
      {
        kind: 'alert.changed',
        id: 'big-deal-lost',
        name: { en: 'Big deal lost', ru: 'Потеряна крупная сделка' },
        fields: ['severity'],
        rule: [],
      },
      { kind: 'golden.removed', name: 'on plan, won amount 110%' },
      { kind: 'golden.changed', name: 'won amount below its threshold', fields: ['expected'] },
      { kind: 'golden.added', name: 'new case' },
      { kind: 'reviewPolicy', fields: [{ field: 'deadlineDays', before: 5, after: 7 }] },
    ]);
  });
});

describe('diffRule', () => {
  it('replaces a whole node when the operation changes, and escapes pointer keys', () => {
    expect(diffRule({ '+': [1, 2] }, { '*': [1, 2] })).toEqual([
      { path: '', before: { '+': [1, 2] }, after: { '*': [1, 2] } },
    ]);
    expect(diffRule({ 'a/b': [1] }, { 'a/b': [2] })).toEqual([{ path: '/a~1b/0', before: 1, after: 2 }]);
    expect(diffRule({ if: [true, 1] }, { if: [true, 1, 2] })).toEqual([
      { path: '/if', before: [true, 1], after: [true, 1, 2] },
    ]);
    expect(compactJson({ var: 'x' })).toBe('{"var":"x"}');
  });
});
