// Plan targets as people type them and as the engine stores them. The engine keeps a target as a
// non-negative decimal string with at most four decimals; money stays a decimal string all the way,
// counts must be whole, and a percent metric's target is a fraction (0.75) that people write as 75 %.

export type TargetUnit = 'count' | 'money' | 'percent' | 'duration';

export type TargetProblem = 'not_a_number' | 'negative' | 'not_whole' | 'too_many_decimals' | 'too_large';

export type TargetParse = { ok: true; target: string } | { ok: false; problem: TargetProblem };

const MAX_DECIMALS = 4;
const MAX_INTEGER_DIGITS = 16;

/** "2500000.00" → "2500000", "0.9500" → "0.95", "007" → "7". */
export function plainDecimal(value: string): string {
  let [whole = '0', fraction = ''] = value.split('.');
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** Moves the decimal point: shiftDecimal("0.75", 2) = "75", shiftDecimal("75", -2) = "0.75". */
export function shiftDecimal(value: string, places: number): string {
  const [whole = '0', fraction = ''] = value.split('.');
  const digits = whole + fraction;
  const point = whole.length + places;
  if (point <= 0) return plainDecimal(`0.${'0'.repeat(-point)}${digits}`);
  if (point >= digits.length) return plainDecimal(digits + '0'.repeat(point - digits.length));
  return plainDecimal(`${digits.slice(0, point)}.${digits.slice(point)}`);
}

/**
 * Reads a target as typed in a cell or a CSV file: spaces (thousands) and a comma decimal separator are
 * accepted, a percent metric takes percents ("75", "75 %" → "0.75").
 */
export function parseTarget(input: string, unit: TargetUnit): TargetParse {
  let text = input.replace(/[\s\u00a0\u202f]/g, '');
  if (unit === 'percent') text = text.replace(/%$/, '');
  if (/^-/.test(text)) return { ok: false, problem: 'negative' };
  // "1,5" is a decimal comma; "1,234,567" or "1,234.5" are thousands separators
  if (/^\d+,\d+$/.test(text) && !/^\d{1,3}(,\d{3})+$/.test(text)) text = text.replace(',', '.');
  else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replaceAll(',', '');
  if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, problem: 'not_a_number' };
  const target = unit === 'percent' ? shiftDecimal(text, -2) : plainDecimal(text);
  const [whole = '', fraction = ''] = target.split('.');
  if (unit === 'count' && fraction !== '') return { ok: false, problem: 'not_whole' };
  if (fraction.length > MAX_DECIMALS) return { ok: false, problem: 'too_many_decimals' };
  if (whole.length > MAX_INTEGER_DIGITS) return { ok: false, problem: 'too_large' };
  return { ok: true, target };
}

/** A stored target as a cell shows it for editing: percents for a percent metric, the decimal otherwise. */
export function targetInput(target: string, unit: TargetUnit): string {
  return unit === 'percent' ? shiftDecimal(target, 2) : plainDecimal(target);
}
