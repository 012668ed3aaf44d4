import { describe, expect, it } from 'vitest';
import { compile, evaluate, explain, RuleError, references, renderTrace } from './index.ts';

describe('explain', () => {
  const alert = { and: [{ '==': [{ var: 'event.type' }, 'deal.lost'] }, { '>=': [{ var: 'event.amount' }, 100000] }] };

  it('records the value of every node evaluated, with JSON pointers', () => {
    const trace = explain(alert, { event: { type: 'deal.lost', amount: 300000 } });
    expect(trace).toMatchObject({ path: '', op: 'and', value: true });
    expect(trace.children.map((c) => [c.path, c.op, c.value])).toStrictEqual([
      ['/and/0', '==', true],
      ['/and/1', '>=', true],
    ]);
    expect(trace.children[1]?.note?.en).toBe('300000 >= 100000 is true');
    expect(trace.children[1]?.children[0]).toMatchObject({ path: '/and/1/>=/0', op: 'var', value: 300000 });
  });

  it('short-circuited nodes are simply absent', () => {
    const trace = explain(alert, { event: { type: 'deal.won', amount: 300000 } });
    expect(trace.value).toBe(false);
    expect(trace.children).toHaveLength(1);
  });

  it('keeps values JSON can hold and says what the others were', () => {
    const trace = explain({ '/': [1, { var: 'zero' }] }, { zero: 0 });
    expect(trace).toMatchObject({ value: null, text: 'Infinity' });
    expect(JSON.parse(JSON.stringify(trace))).toStrictEqual(trace);
  });

  it('an evaluation that stops gives a trace with the error at the failing node', () => {
    const rule = { if: [{ missing: ['kpi.won.plan'] }, { throw: 'no_plan' }, 1] };
    expect(() => evaluate(rule, {})).toThrow(expect.objectContaining({ code: 'rule.thrown', thrown: 'no_plan' }));
    const trace = explain(rule, {});
    expect(trace.children[1]).toMatchObject({ op: 'throw', error: { code: 'rule.thrown' } });
    expect(renderTrace(trace, 'ru')).toContain('Правило остановлено ошибкой «no_plan»');
  });

  it('caps long iterations', () => {
    const trace = explain(
      { map: [{ var: 'xs' }, { '*': [{ var: '' }, 2] }] },
      { xs: Array.from({ length: 500 }, (_, i) => i) },
    );
    expect(trace.children.length).toBe(100);
    expect(trace.omitted).toBe(401);
  });

  it('refuses an invalid rule like compile does', () => {
    expect(() => explain({ nope: [] }, {})).toThrow(RuleError);
  });
});

describe('references', () => {
  it('lists the context paths and KPIs a rule reads', () => {
    const rule = {
      if: [
        { missing: ['employee.base_bonus'] },
        null,
        {
          '*': [
            { var: 'employee.base_bonus' },
            { pct: [{ var: 'kpi.won.actual' }, { val: ['team', 'kpi', 'won', 'plan'] }] },
          ],
        },
      ],
    };
    expect(references(rule)).toStrictEqual({
      vars: ['employee.base_bonus', 'kpi.won.actual', 'team.kpi.won.plan'],
      kpis: ['won'],
      dynamic: false,
    });
    expect(references(compile(rule))).toStrictEqual(references(rule));
  });

  it('paths inside an iterator body belong to the item, unless val climbs out to the root', () => {
    const rule = {
      filter: [{ var: 'event.deals' }, { '>=': [{ var: 'amount' }, { val: [[2], 'kpi', 'big_deal', 'plan'] }] }],
    };
    expect(references(rule)).toStrictEqual({
      vars: ['event.deals', 'kpi.big_deal.plan'],
      kpis: ['big_deal'],
      dynamic: false,
    });
  });

  it('says when a path is computed at run time', () => {
    expect(references({ var: { cat: ['kpi.', { var: 'metric' }, '.actual'] } })).toStrictEqual({
      vars: ['metric'],
      kpis: [],
      dynamic: true,
    });
    expect(references({ var: '' }).dynamic).toBe(true);
  });
});
