// RFC 4180 CSV: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled.
// A leading byte order mark makes Excel read the file as UTF-8 (Cyrillic names stay readable).

export const UTF8_BOM = '\uFEFF';

export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
