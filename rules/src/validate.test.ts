import { describe, expect, it } from 'vitest';
import { compile, type Problem, RuleError, validate } from './index.ts';

function problems(rule: unknown, options = {}): Problem[] {
  const result = validate(rule, options);
  return result.ok ? [] : result.problems;
}

const bilingual = (p: Problem) => p.message.en.length > 0 && /[а-яё]/i.test(p.message.ru);

describe('validate: bad input is reported with a JSON pointer in English and Russian', () => {
  it('unknown operations, each of them', () => {
    const found = problems({ if: [{ frobnicate: [1] }, { 'kpi.attainment': [] }, 3] });
    expect(found.map((p) => [p.path, p.code])).toStrictEqual([
      ['/if/0/frobnicate', 'rule.unknown_operation'],
      ['/if/1/kpi.attainment', 'rule.unknown_operation'],
    ]);
    expect(found.every(bilingual)).toBe(true);
  });

  it('escapes pointer segments', () => {
    expect(problems({ and: [{ 'a/b~c': 1 }] })[0]?.path).toBe('/and/0/a~1b~0c');
  });

  it('wrong arity', () => {
    expect(problems({ '>': [3, 2, 3] })[0]).toMatchObject({ path: '/>', code: 'rule.arity' });
    expect(problems({ '-': [10, 1, 2] })[0]).toMatchObject({ path: '/-', code: 'rule.arity' });
    expect(problems({ '/': [8, 2, 2] })[0]).toMatchObject({ code: 'rule.arity' });
    expect(problems({ scale: [1, 0.8, 1] })[0]).toMatchObject({ path: '/scale', code: 'rule.arity' });
    expect(problems({ if: true })[0]).toMatchObject({ path: '/if', code: 'rule.arity' });
    expect(problems({ and: [] })[0]?.message.ru).toContain('and');
  });

  it('wrong literal types', () => {
    expect(problems({ '+': ['abc', 1] })[0]).toMatchObject({ path: '/+/0', code: 'rule.literal_type' });
    expect(problems({ '*': [[1, 2], 3] })[0]).toMatchObject({ path: '/*/0', code: 'rule.literal_type' });
    expect(problems({ var: true })[0]).toMatchObject({ path: '/var', code: 'rule.literal_type' });
    expect(problems({ map: [5, { var: '' }] })[0]).toMatchObject({ path: '/map/0', code: 'rule.literal_type' });
    expect(problems({ round: [{ var: 'x' }, 'RUBLES'] })[0]).toMatchObject({
      path: '/round/1',
      code: 'rule.invalid_argument',
    });
    expect(
      problems({
        tier: [
          1,
          [
            [0, 'a'],
            [0, 'b'],
          ],
        ],
      })[0],
    ).toMatchObject({ path: '/tier/1/1/0', code: 'rule.invalid_table' });
    expect(
      problems({
        weighted: [
          [0.5, 1],
          [0.3, 1],
        ],
      })[0],
    ).toMatchObject({ path: '/weighted', code: 'rule.weights_sum' });
    expect(
      problems({
        weighted: [
          [50, 1],
          [50, 1],
        ],
      })[0]?.message.en,
    ).toContain('percentages');
    expect(problems({ scale: [{ var: 'a' }, 1.2, 1, 1.5] })[0]).toMatchObject({
      path: '/scale/1',
      code: 'rule.invalid_argument',
    });
  });

  it('references to KPIs missing from the catalog', () => {
    const rule = {
      and: [{ '>=': [{ var: 'kpi.won_amount.attainment' }, 1] }, { '<': [{ var: 'team.kpi.calls.pace' }, 0.5] }],
    };
    expect(problems(rule, { catalog: ['won_amount', 'calls'] })).toStrictEqual([]);
    const found = problems(rule, { catalog: ['won_amount'] });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: '/and/1/</0/var', code: 'rule.unknown_kpi' });
    expect(found[0]?.message.ru).toContain('calls');
    // `val` paths and `missing` keys count too; paths inside an iterator's body are the item's.
    expect(problems({ val: ['kpi', 'nps', 'actual'] }, { catalog: [] })[0]?.code).toBe('rule.unknown_kpi');
    expect(problems({ missing: ['kpi.nps.actual'] }, { catalog: [] })[0]?.code).toBe('rule.unknown_kpi');
    expect(problems({ map: [{ var: 'deals' }, { var: 'kpi.x' }] }, { catalog: [] })).toStrictEqual([]);
  });

  it('nesting deeper than the limit, and rules larger than the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { '!': [deep] };
    const tooDeep = problems(deep);
    expect(tooDeep).toHaveLength(1);
    expect(tooDeep[0]?.code).toBe('rule.too_deep');
    expect(problems({ '+': Array.from({ length: 20_000 }, (_, i) => i) })[0]?.code).toBe('rule.too_large');
    expect(problems({ '+': [1, 2, 3] }, { limits: { maxNodes: 3 } })[0]?.code).toBe('rule.too_large');
    expect(problems({ '!': [{ '!': [true] }] }, { limits: { maxDepth: 2 } })[0]?.code).toBe('rule.too_deep');
  });

  it('__proto__, constructor or prototype in variable paths', () => {
    for (const path of ['__proto__', 'a.constructor', 'employee.prototype.x']) {
      expect(problems({ var: path })[0]).toMatchObject({ path: '/var', code: 'rule.forbidden_path' });
    }
    expect(problems({ val: ['a', '__proto__'] })[0]?.code).toBe('rule.forbidden_path');
    expect(problems({ missing: ['constructor'] })[0]?.code).toBe('rule.forbidden_path');
    // From JSON.parse, "__proto__" is an own key: as an operation it is simply unknown.
    expect(problems(JSON.parse('{"__proto__": [1]}'))[0]?.code).toBe('rule.unknown_operation');
  });

  it('values JSON cannot hold', () => {
    expect(problems({ '+': [Number.NaN] })[0]?.code).toBe('rule.not_json');
    expect(problems({ '+': [() => 1] })[0]?.code).toBe('rule.not_json');
    expect(problems({ var: new Date(0) })[0]?.code).toBe('rule.not_json');
    // biome-ignore lint/suspicious/noSparseArray: a hole is what is tested
    expect(problems({ cat: [1, , 2] })[0]).toMatchObject({ path: '/cat/1', code: 'rule.not_json' });
    const getter = Object.defineProperty({}, 'var', { get: () => 'a', enumerable: true });
    expect(problems(getter)[0]?.code).toBe('rule.not_json');
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(problems(cyclic)[0]?.code).toBe('rule.too_deep');
  });

  it('warns where a core "/" can divide by zero, and accepts the rule', () => {
    const result = validate({ '>=': [{ '/': [{ var: 'kpi.won.actual' }, { var: 'kpi.won.plan' }] }, 1] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings[0]).toMatchObject({ path: '/>=/0/~1/1', code: 'rule.division_by_zero' });
    expect(result.warnings[0]?.message.ru).toContain('pct');
    expect(validate({ '/': [{ var: 'x' }, 4] })).toStrictEqual({ ok: true, warnings: [] });
  });

  it('warns that an object with several keys is data, not an operation', () => {
    const result = validate({ if: [true, { level: 'gold', rate: 0.1 }, null] });
    expect(result.ok && result.warnings[0]?.code).toBe('rule.object_literal');
  });

  it('compile throws RuleError with every problem', () => {
    try {
      compile({ and: [{ frobnicate: 1 }, { var: '__proto__' }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RuleError);
      expect((error as RuleError).code).toBe('rule.invalid');
      expect((error as RuleError).problems.map((p) => p.code)).toStrictEqual([
        'rule.unknown_operation',
        'rule.forbidden_path',
      ]);
    }
  });
});
