import { describe, expect, it } from 'vitest';
import { detectDelimiter, formatCsv, formatCsvField, parseCsv } from './csv.ts';

describe('formatCsv', () => {
  it('quotes only fields that need it and doubles their quotes, ending every row with CRLF', () => {
    expect(
      formatCsv([
        ['id', 'name'],
        ['1', 'Ольга "Оля", продажи'],
      ]),
    ).toBe('id,name\r\n1,"Ольга ""Оля"", продажи"\r\n');
    expect(formatCsvField('two\nlines')).toBe('"two\nlines"');
    expect(formatCsvField(' padded')).toBe('" padded"');
    expect(formatCsvField('a;b', ';')).toBe('"a;b"');
    expect(formatCsvField('a;b', ',')).toBe('a;b');
  });
});

describe('parseCsv', () => {
  it('reads what formatCsv writes, quotes, commas and line breaks included', () => {
    const rows = [
      ['employee_id', 'employee', 'won_amount'],
      ['e1', 'Ольга "Оля", продажи', '2500000'],
      ['e2', 'two\r\nlines', ''],
    ];
    expect(parseCsv(formatCsv(rows))).toEqual({ ok: true, rows, delimiter: ',' });
  });

  it('takes LF rows, a byte-order mark, a last row without a line break, and skips blank lines', () => {
    expect(parseCsv('\uFEFFa,b\n1,2\n\n3,4')).toEqual({
      ok: true,
      rows: [
        ['a', 'b'],
        ['1', '2'],
        ['3', '4'],
      ],
      delimiter: ',',
    });
  });

  it('recognises a semicolon file, as Excel saves it in a Russian locale', () => {
    expect(detectDelimiter('id;name;won_amount\r\n')).toBe(';');
    expect(detectDelimiter('"a;b;c",x,y\n')).toBe(',');
    expect(parseCsv('id;won_amount\r\ne1;"2 500 000,50"\r\n')).toEqual({
      ok: true,
      rows: [
        ['id', 'won_amount'],
        ['e1', '2 500 000,50'],
      ],
      delimiter: ';',
    });
  });

  it('keeps empty fields, quoted or not', () => {
    expect(parseCsv('a,,"",d\n')).toEqual({ ok: true, rows: [['a', '', '', 'd']], delimiter: ',' });
  });

  it('says on which line a quoted field is never closed or is followed by text', () => {
    expect(parseCsv('a,b\n1,"open\nstill open')).toEqual({ ok: false, problem: 'unclosed_quote', line: 2 });
    expect(parseCsv('a,b\n1,"x"y\n')).toEqual({ ok: false, problem: 'text_after_quote', line: 2 });
  });
});
