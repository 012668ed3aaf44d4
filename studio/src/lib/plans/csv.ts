// CSV as RFC 4180 writes it, and as spreadsheets really save it: quoted fields with doubled quotes and
// line breaks inside, CRLF or LF rows, a byte-order mark, and a semicolon delimiter (Excel in a Russian
// locale) recognised from the header line.

export type Delimiter = ',' | ';';

/** Quotes a field when it must be: a delimiter, a quote, a line break, or spaces a reader would trim. */
export function formatCsvField(value: string, delimiter: Delimiter = ','): string {
  const needsQuotes =
    value.includes(delimiter) || /["\r\n]/.test(value) || (value !== value.trim() && value.length > 0);
  return needsQuotes ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Rows to CSV text: fields quoted as needed, CRLF after every row (RFC 4180 §2.1–2.7). */
export function formatCsv(rows: readonly (readonly string[])[], delimiter: Delimiter = ','): string {
  return rows.map((row) => `${row.map((field) => formatCsvField(field, delimiter)).join(delimiter)}\r\n`).join('');
}

export type CsvParse =
  | { ok: true; rows: string[][]; delimiter: Delimiter }
  | { ok: false; problem: 'unclosed_quote' | 'text_after_quote'; line: number };

/** The delimiter of a file: the one the header line (outside quotes) uses more. */
export function detectDelimiter(text: string): Delimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas += 1;
    else if (!quoted && char === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Parses CSV text into rows of fields. Blank lines are dropped; `line` in a problem is the 1-based
 * line of the file where the broken field starts.
 */
export function parseCsv(
  input: string,
  delimiter: Delimiter = detectDelimiter(input.replace(/^\uFEFF/, '')),
): CsvParse {
  const text = input.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;
  const endRow = () => {
    row.push(field);
    field = '';
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '"' && field === '') {
      const start = line;
      i += 1;
      let closed = false;
      while (i < text.length) {
        const c = text[i] as string;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i += 1;
          break;
        }
        if (c === '\n') line += 1;
        field += c;
        i += 1;
      }
      if (!closed) return { ok: false, problem: 'unclosed_quote', line: start };
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        return { ok: false, problem: 'text_after_quote', line };
      }
      // an empty quoted field must still count as a field: mark it so `field === ''` is not taken as unstarted
      if (next === delimiter) {
        row.push(field);
        field = '';
        i += 1;
      }
      continue;
    }
    if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\r') {
      if (text[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
    } else if (char === '\n') {
      endRow();
      line += 1;
    } else {
      field += char;
    }
    i += 1;
  }
  if (field !== '' || row.length > 0) endRow();
  return { ok: true, rows, delimiter };
}
