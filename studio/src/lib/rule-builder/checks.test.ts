import { validate } from '@yardstick/rules';
import { describe, expect, it } from 'vitest';
import { fromJson, walk } from './blocks.ts';
import { kpiCatalog, placeNotes, relativePath, resultType, typeMismatch } from './checks.ts';
import { schemeVariables } from './variables.ts';

const variables = schemeVariables([{ metric: 'won' }], [{ key: 'won', name: 'Won', unit: 'money' }], 'en');

describe('rule builder checks', () => {
  it('tells what a rule gives: yes/no for conditions, a number for calculations', () => {
    expect(resultType(fromJson({ and: [{ '>': [1, 0] }, { '!': [true] }] }))).toBe('boolean');
    expect(resultType(fromJson({ money: [{ '*': [1, 2] }, 'RUB'] }))).toBe('number');
    expect(resultType(fromJson({ if: [true, 1, { tier: [{ var: 'x' }, [[0, 2]]] }] }))).toBe('number');
    expect(resultType(fromJson({ var: 'kpi.won.actual' }), variables)).toBe('number');
    expect(resultType(fromJson({ var: 'employee.role' }), variables)).toBe('text');
    expect(resultType(fromJson({ frobnicate: 1 }))).toBe('unknown');
    expect(typeMismatch(fromJson({ '>': [1, 0] }), 'number')).toBe('boolean');
    expect(typeMismatch(fromJson({ '+': [1, 0] }), 'boolean')).toBe('number');
    expect(typeMismatch(fromJson({ '+': [1, 0] }), 'number')).toBeNull();
    expect(typeMismatch(fromJson(null), 'number')).toBeNull();
  });

  it('places each problem at the deepest block its pointer is in', () => {
    const rule = {
      '+': [
        {
          tier: [
            { var: 'kpi.lost.attainment' },
            [
              [1, 1],
              [0.5, 2],
            ],
          ],
        },
        { frobnicate: [1] },
      ],
    };
    const result = validate(rule, { catalog: ['won'] });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const root = fromJson(rule);
    const placed = placeNotes(
      root,
      problems.map((p) => ({ severity: 'problem' as const, message: p.code, path: p.path })),
    );
    const at = (pointer: string) => {
      const entry = walk(root).find((e) => e.pointer === pointer);
      return entry ? placed.get(entry.block.id)?.map((n) => n.message) : undefined;
    };
    expect(at('/+/0/tier/0')).toStrictEqual(['rule.unknown_kpi']);
    expect(at('/+/0/tier/1/1/0')).toStrictEqual(['rule.invalid_table']);
    expect(at('/+/1')).toStrictEqual(['rule.unknown_operation']);
  });

  it('reads document pointers relative to the rule, and the KPI catalog from the variables', () => {
    expect(relativePath('/payout/money/0', '/payout')).toBe('/money/0');
    expect(relativePath('/payout', '/payout')).toBe('');
    expect(relativePath('/payoutX', '/payout')).toBeNull();
    expect(relativePath('/alertRules/0/when', '/payout')).toBeNull();
    expect(kpiCatalog(variables)).toStrictEqual(['won']);
    expect(kpiCatalog([{ path: 'amount', label: 'Amount' }])).toBeNull();
  });
});
