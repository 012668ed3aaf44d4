import { describe, expect, it } from 'vitest';
import { formatJson, lineAndColumn, locateSyntaxError, parseJsonText, visibleCharacter } from './json-text.ts';

describe('parseJsonText', () => {
  it('parses JSON, and calls blank text empty rather than a syntax error', () => {
    expect(parseJsonText(' {"a": [1, 2]} ')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseJsonText('  \n ')).toEqual({ ok: false, issue: { kind: 'empty' } });
  });

  it('places an unexpected character by line and column', () => {
    expect(parseJsonText('{\n  "a": 1,\n}')).toEqual({
      ok: false,
      issue: { kind: 'unexpected_character', character: '}', offset: 12, line: 3, column: 1 },
    });
    expect(parseJsonText("{'a': 1}")).toMatchObject({ ok: false, issue: { character: "'", line: 1, column: 2 } });
    expect(parseJsonText('[1 2]')).toMatchObject({ ok: false, issue: { character: '2', column: 4 } });
    expect(parseJsonText('{"a": tru}')).toMatchObject({ ok: false, issue: { character: '}', column: 10 } });
    expect(parseJsonText('[01]')).toMatchObject({ ok: false, issue: { character: '1', column: 3 } });
    expect(parseJsonText('{} x')).toMatchObject({ ok: false, issue: { character: 'x', column: 4 } });
  });

  it('says when the text ends too early', () => {
    expect(parseJsonText('{"and": [\n  {"var": "a"}')).toEqual({
      ok: false,
      issue: { kind: 'unexpected_end', offset: 24, line: 2, column: 15 },
    });
    expect(parseJsonText('"open')).toMatchObject({ ok: false, issue: { kind: 'unexpected_end' } });
  });

  it('finds errors inside strings: bad escapes and raw line breaks', () => {
    expect(parseJsonText('"a\\x"')).toMatchObject({ issue: { character: 'x', column: 4 } });
    expect(parseJsonText('"a\\u12G4"')).toMatchObject({ issue: { character: 'G', column: 7 } });
    expect(parseJsonText('"a\nb"')).toMatchObject({ issue: { character: '\n', line: 1, column: 3 } });
  });

  it('agrees with JSON.parse on what is valid', () => {
    for (const text of ['0', '-0.5e+3', '"\\u00e9\\n"', '[]', '{}', '[{"a": null, "b": [true, false]}]', ' 1 ']) {
      expect(parseJsonText(text)).toEqual({ ok: true, value: JSON.parse(text) });
      expect(locateSyntaxError(text)).toEqual({ kind: 'invalid' });
    }
  });
});

describe('helpers', () => {
  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });

  it('names invisible characters by code point', () => {
    expect(visibleCharacter('}')).toBe('}');
    expect(visibleCharacter('\n')).toBe('U+000A');
    expect(visibleCharacter('\u00a0')).toBe('U+00A0');
  });
});

describe('formatJson', () => {
  it('keeps what fits on one line and breaks the rest, and reads back the same', () => {
    const rule = {
      money: [
        {
          '*': [
            { var: 'employee.base_bonus' },
            { weighted: [[0.5, { scale: [{ var: 'kpi.a.attainment' }, 0.8, 1, 1.2] }]] },
          ],
        },
        'RUB',
      ],
    };
    const text = formatJson(rule, 60);
    expect(JSON.parse(text)).toEqual(rule);
    expect(text).toContain('{"var": "employee.base_bonus"}');
    expect(text.split('\n').every((line) => line.length <= 60 || !line.trim().startsWith('{'))).toBe(true);
    expect(formatJson({ a: 1 })).toBe('{"a": 1}');
    expect(formatJson({ scale: [{ var: 'kpi.calls.attainment' }, 0.7, 1, 1.1, 'linear'] }, 40)).toBe(
      ['{"scale": [', '  {"var": "kpi.calls.attainment"},', '  0.7, 1, 1.1, "linear"', ']}'].join('\n'),
    );
    expect(formatJson([])).toBe('[]');
  });
});
