import { kpiCardTemplates } from '@yardstick/rules';
import { describe, expect, it } from 'vitest';
import { type Block, children, fromJson, toJson, walk } from './blocks.ts';

const kinds = (block: Block): string[] => walk(block).map(({ block: b }) => (b.kind === 'op' ? b.op : b.kind));

describe('blocks from JSON-logic and back', () => {
  it.each([
    ['a comparison', { '>=': [{ var: 'kpi.won.attainment' }, 0.8] }],
    ['between', { '<=': [0.8, { var: 'kpi.won.attainment' }, 1.2] }],
    ['and/or/not', { and: [{ or: [true, { '!': { var: 'a' } }] }, { '!!': [{ var: ['b'] }] }] }],
    ['an if chain without else', { if: [{ '>': [{ var: 'x' }, 1] }, 10, { '>': [{ var: 'x' }, 0] }, 5] }],
    ['arithmetic', { '*': [{ var: 'employee.base_bonus' }, { min: [{ '+': [1, 2, 3] }, { '-': 4 }] }] }],
    ['money and decimal strings', { money: [{ '+': ['60000.00', { '/': [1, 3] }] }, 'RUB', 'half-even'] }],
    [
      'a tier table in collect mode',
      {
        tier: [
          { var: 'v' },
          [
            [0, 'low'],
            [1, { var: 'x' }],
          ],
          'collect',
        ],
      },
    ],
    [
      'a weighted sum',
      {
        weighted: [
          [0.7, { var: 'kpi.a.achievement' }],
          [0.3, { scale: [{ var: 'x' }, 0.8, 1, 1.2] }],
        ],
      },
    ],
    ['the empty rule', null],
  ])('%s round-trips exactly', (_name, rule) => {
    expect(toJson(fromJson(rule))).toStrictEqual(rule);
    expect(kinds(fromJson(rule))).not.toContain('raw');
  });

  it.each(kpiCardTemplates.map((template) => [template.id, template.rule] as const))(
    'template %s round-trips exactly',
    (_id, rule) => {
      expect(toJson(fromJson(rule))).toStrictEqual(rule);
    },
  );

  it('keeps what it has no block for as raw JSON, untouched, wherever it sits', () => {
    const rule = {
      '+': [1, { frobnicate: [1, 2] }, { map: [{ var: 'xs' }, { '*': [{ var: '' }, 2] }] }, { var: ['x', 0] }],
    };
    const blocks = fromJson(rule);
    expect(toJson(blocks)).toStrictEqual(rule);
    expect(kinds(blocks)).toStrictEqual(['+', 'number', 'raw', 'raw', 'raw']);
  });

  it('keeps operators with arguments the builder does not draw as raw: wrong arity, non-list if', () => {
    for (const rule of [
      { '>': [1, 2, 3] },
      { if: { var: 'x' } },
      { tier: [1, 'table'] },
      { '/': [1] },
      { weighted: { var: 'lines' } },
    ]) {
      const blocks = fromJson(rule);
      expect(blocks.kind).toBe('raw');
      expect(toJson(blocks)).toStrictEqual(rule);
    }
  });

  it('keeps literals: numbers, decimal strings (exact amounts), texts, booleans, arrays and objects', () => {
    expect(fromJson(0.8)).toMatchObject({ kind: 'number', value: 0.8 });
    expect(fromJson('1500.50')).toMatchObject({ kind: 'decimal', value: '1500.50' });
    expect(fromJson('deal.won')).toMatchObject({ kind: 'text', value: 'deal.won' });
    expect(fromJson(false)).toMatchObject({ kind: 'boolean', value: false });
    expect(fromJson([1, 2])).toMatchObject({ kind: 'raw', json: [1, 2] });
    expect(fromJson({ a: 1, b: 2 })).toMatchObject({ kind: 'raw' });
  });

  it('gives each part the JSON pointer validate() uses for it', () => {
    const rule = { if: [{ '/': [{ var: 'a' }, 2] }, { tier: [{ var: 'v' }, [[0, 1]]] }, { '!': { var: 'c' } }] };
    const pointers = walk(fromJson(rule)).map(({ pointer }) => pointer);
    expect(pointers).toStrictEqual([
      '',
      '/if/0',
      '/if/0/~1/0',
      '/if/0/~1/1',
      '/if/1',
      '/if/1/tier/0',
      '/if/1/tier/1/0/0',
      '/if/1/tier/1/0/1',
      '/if/2',
      '/if/2/!',
    ]);
    expect(children(fromJson({ var: 'x' }), '')).toStrictEqual([]);
  });
});
