import { kpiCardTemplates } from '@yardstick/rules';
import { describe, expect, it } from 'vitest';
import { formatJson } from './json-text.ts';
import { DEAL_LOST_ALERT_RULE, PLAYGROUND_TEMPLATES } from './playground-templates.ts';
import { analyzeRule, hasPath, showValue, valueKind } from './rule-playground.ts';

const json = (value: unknown) => JSON.stringify(value);

describe('analyzeRule', () => {
  it('pays each KPI card its worked example, with the trace and the KPIs it reads', () => {
    for (const template of kpiCardTemplates) {
      const analysis = analyzeRule(formatJson(template.rule), formatJson(template.example.context));
      expect(analysis.outcome).toEqual({ kind: 'value', value: template.example.payout });
      expect(analysis.problems).toEqual([]);
      expect(analysis.references?.kpis).toEqual([...template.metrics].sort());
      expect(analysis.absent).toEqual([]);
      expect(analysis.trace?.value).toBe(template.example.payout);
    }
  });

  it('reports an unknown operation at its JSON pointer, in both languages, and does not run', () => {
    const analysis = analyzeRule(json({ and: [{ frobnicate: [1] }, true] }), '{}');
    expect(analysis.problems).toEqual([
      expect.objectContaining({
        path: '/and/0/frobnicate',
        code: 'rule.unknown_operation',
        message: { en: 'Unknown operation "frobnicate"', ru: 'Неизвестная операция «frobnicate»' },
      }),
    ]);
    expect(analysis.outcome).toBeNull();
    expect(analysis.trace).toBeNull();
  });

  it('warns about a division that can be by zero and still shows the result', () => {
    const analysis = analyzeRule(json({ '/': [{ var: 'a' }, { var: 'b' }] }), json({ a: 1, b: 0 }));
    expect(analysis.warnings.map((w) => w.code)).toEqual(['rule.division_by_zero']);
    expect(analysis.outcome).toEqual({ kind: 'value', value: Number.POSITIVE_INFINITY });
  });

  it('validates the rule even while the context is not JSON', () => {
    const analysis = analyzeRule(json(DEAL_LOST_ALERT_RULE), '{"event": ');
    expect(analysis.context).toMatchObject({ ok: false, issue: { kind: 'unexpected_end' } });
    expect(analysis.references?.vars).toEqual(['event.amount', 'event.type']);
    expect(analysis.outcome).toBeNull();
  });

  it('marks the paths the context lacks', () => {
    const analysis = analyzeRule(json(DEAL_LOST_ALERT_RULE), json({ event: { type: 'deal.lost' } }));
    expect(analysis.absent).toEqual(['event.amount']);
    expect(analysis.outcome).toEqual({ kind: 'value', value: false });
  });

  it('turns an uncaught throw into an outcome with its message, and keeps the trace', () => {
    const analysis = analyzeRule(json({ throw: 'no_plan' }), '{}');
    expect(analysis.outcome).toMatchObject({ kind: 'error', code: 'rule.thrown' });
    expect(analysis.trace?.error?.code).toBe('rule.thrown');
  });

  it('gives the demo alert template true on its own example', () => {
    const template = PLAYGROUND_TEMPLATES.find((t) => t.id === 'deal-lost-alert');
    if (!template) throw new Error('no alert template');
    expect(template.title.ru).not.toBe(template.title.en);
    expect(analyzeRule(formatJson(template.rule), formatJson(template.context)).outcome).toEqual({
      kind: 'value',
      value: true,
    });
  });
});

describe('results for people', () => {
  it('reads own paths only, null included', () => {
    expect(hasPath({ a: { b: null } }, 'a.b')).toBe(true);
    expect(hasPath({ a: [10, 20] }, 'a.1')).toBe(true);
    expect(hasPath({ a: {} }, 'a.toString')).toBe(false);
    expect(hasPath(null, 'a')).toBe(false);
  });

  it('names the kind of a value and shows NaN as it is', () => {
    expect(valueKind('50100.00')).toBe('amount');
    expect(valueKind('gold')).toBe('text');
    expect(valueKind(Number.NaN)).toBe('notANumber');
    expect(valueKind(false)).toBe('false');
    expect(valueKind(null)).toBe('empty');
    expect(showValue(Number.NaN)).toBe('NaN');
    expect(showValue('50100.00')).toBe('"50100.00"');
  });
});
