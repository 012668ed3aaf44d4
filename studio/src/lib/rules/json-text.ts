// JSON as a person types it: parse, and when that fails, say where and what went wrong in words
// the studio can translate (the browser's own JSON.parse message is English and differs per
// engine). Also prints rules compactly enough to read in a text area.

export type JsonSyntaxIssue =
  | { kind: 'empty' }
  | { kind: 'unexpected_end'; offset: number; line: number; column: number }
  | { kind: 'unexpected_character'; character: string; offset: number; line: number; column: number }
  /** JSON.parse refused the text but the scanner could not place the error (e.g. nesting too deep to scan). */
  | { kind: 'invalid' };

export type JsonText = { ok: true; value: unknown } | { ok: false; issue: JsonSyntaxIssue };

export function parseJsonText(text: string): JsonText {
  if (text.trim() === '') return { ok: false, issue: { kind: 'empty' } };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, issue: locateSyntaxError(text) };
  }
}

class SyntaxStop {
  readonly offset: number;
  constructor(offset: number) {
    this.offset = offset;
  }
}

const WHITESPACE = ' \t\n\r';
const ESCAPES = '"\\/bfnrt';

/** Scans `text` as strict JSON (RFC 8259) and reports the first offset that cannot continue it. */
export function locateSyntaxError(text: string): JsonSyntaxIssue {
  let i = 0;
  const stop = (): never => {
    throw new SyntaxStop(i);
  };
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  const skipWhitespace = () => {
    while (i < text.length && WHITESPACE.includes(text[i] as string)) i++;
  };
  const expect = (c: string) => {
    if (text[i] !== c) stop();
    i++;
  };
  const string = () => {
    expect('"');
    for (;;) {
      const c = text[i];
      if (c === undefined) stop();
      else if (c === '"') {
        i++;
        return;
      } else if (c === '\\') {
        i++;
        const escaped = text[i];
        if (escaped === 'u') {
          i++;
          for (let k = 0; k < 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) stop();
            i++;
          }
        } else if (escaped !== undefined && ESCAPES.includes(escaped)) i++;
        else stop();
      } else if (c.charCodeAt(0) < 0x20) stop();
      else i++;
    }
  };
  const digits = () => {
    if (!isDigit(text[i])) stop();
    while (isDigit(text[i])) i++;
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const word = (w: string) => {
    for (const c of w) expect(c);
  };
  const members = (close: '}' | ']', member: () => void) => {
    i++;
    skipWhitespace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      skipWhitespace();
      if (text[i] !== ',') break;
      i++;
    }
    expect(close);
  };
  const value = (): void => {
    skipWhitespace();
    const c = text[i];
    if (c === '{') {
      members('}', () => {
        skipWhitespace();
        string();
        skipWhitespace();
        expect(':');
        value();
      });
    } else if (c === '[') members(']', value);
    else if (c === '"') string();
    else if (c === '-' || isDigit(c)) number();
    else if (c === 't') word('true');
    else if (c === 'f') word('false');
    else if (c === 'n') word('null');
    else stop();
  };

  try {
    value();
    skipWhitespace();
    if (i < text.length) stop();
    return { kind: 'invalid' };
  } catch (error) {
    if (!(error instanceof SyntaxStop)) return { kind: 'invalid' };
    const { line, column } = lineAndColumn(text, error.offset);
    const character = text[error.offset];
    if (character === undefined) return { kind: 'unexpected_end', offset: error.offset, line, column };
    return { kind: 'unexpected_character', character, offset: error.offset, line, column };
  }
}

/** 1-based line and column of a UTF-16 offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** The text of the given 1-based line (for showing where an error is). */
export function lineAt(text: string, line: number): string {
  return (text.split('\n')[line - 1] ?? '').replace(/\r$/, '');
}

/** How a character shows in a message: itself, or its code point when it is invisible. */
export function visibleCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || character.trim() === '') {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return character;
}

/**
 * Pretty-prints JSON for editing: a list or object that fits in `width` columns stays on one line,
 * and an operation keeps its name on its first line, so a rule reads like its formula instead of
 * one token per line.
 */
export function formatJson(value: unknown, width = 72): string {
  const inline = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
    if (v !== null && typeof v === 'object') {
      return `{${Object.entries(v)
        .map(([k, item]) => `${JSON.stringify(k)}: ${inline(item)}`)
        .join(', ')}}`;
    }
    return JSON.stringify(v) ?? 'null';
  };
  // The items of a list that does not fit: one per line, except that runs of plain values (the
  // 0.8, 1, 1.2 of a scale) share a line while it fits.
  const items = (list: unknown[], indent: string): string => {
    const lines: string[] = [];
    let run = '';
    for (const item of list) {
      if (item === null || typeof item !== 'object') {
        const text = inline(item);
        if (run && indent.length + run.length + 2 + text.length + 1 <= width) run += `, ${text}`;
        else {
          if (run) lines.push(indent + run);
          run = text;
        }
        continue;
      }
      if (run) lines.push(indent + run);
      run = '';
      lines.push(indent + block(item, indent, ''));
    }
    if (run) lines.push(indent + run);
    return lines.join(',\n');
  };
  const block = (v: unknown, indent: string, prefix: string): string => {
    const flat = inline(v);
    if (indent.length + prefix.length + flat.length <= width || v === null || typeof v !== 'object') return flat;
    const inner = `${indent}  `;
    const entries = Object.entries(v);
    const [operation] = entries;
    if (
      !Array.isArray(v) &&
      entries.length === 1 &&
      operation &&
      Array.isArray(operation[1]) &&
      operation[1].length > 0
    ) {
      // An operation keeps its name beside its arguments: {"op": [ … ]} rather than three lines.
      const [name, args] = operation;
      return `{${JSON.stringify(name)}: [\n${items(args, inner)}\n${indent}]}`;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[\n${items(v, inner)}\n${indent}]`;
    }
    if (entries.length === 0) return '{}';
    return `{\n${entries
      .map(([k, item]) => {
        const key = `${JSON.stringify(k)}: `;
        return inner + key + block(item, inner, key);
      })
      .join(',\n')}\n${indent}}`;
  };
  return block(value, '', '');
}
