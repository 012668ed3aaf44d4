// json-logic-js 2.0.5 semantics, reproduced operator by operator, with one safety change: an
// object from the data is never asked to convert itself (a JSON object with a `toString` or
// `valueOf` key would make JavaScript throw), it converts as JavaScript converts a plain object.

/** JSON-logic truthiness: like JavaScript's, except that an empty array is false. */
export function truthy(value: unknown): boolean {
  if (value === true) return true;
  if (value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  return !!value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * JavaScript's ToPrimitive for the values JSON can hold: an array joins its elements with commas,
 * a plain object is "[object Object]". Other objects (not JSON) convert natively.
 */
export function toPrimitive(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return joinArray(value, ',');
  if (isPlainObject(value)) return '[object Object]';
  return String(value);
}

/** `Array.prototype.join`, with the elements converted safely. */
export function joinArray(items: readonly unknown[], separator: string): string {
  let out = '';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += separator;
    out += toText(items[i]);
  }
  return out;
}

/** A value as `join` writes it: null and undefined are empty. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? String(toPrimitive(value)) : String(value);
}

/** `String(value)`, with objects converted safely. */
export function toStringJs(value: unknown): string {
  return typeof value === 'object' && value !== null ? String(toPrimitive(value)) : String(value);
}

/** Primitive operand for JavaScript operators (`<`, `-`, `%`, ...). */
export function prim(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? toPrimitive(value) : value;
}

/** JavaScript `a == b` without asking objects to convert themselves. */
export function looseEquals(a: unknown, b: unknown): boolean {
  const aObject = typeof a === 'object' && a !== null;
  const bObject = typeof b === 'object' && b !== null;
  // biome-ignore lint/suspicious/noDoubleEquals: json-logic `==` is JavaScript's loose equality
  if (aObject === bObject) return aObject ? a === b : a == b;
  const other = aObject ? b : a;
  if (other === null || other === undefined) return false;
  // biome-ignore lint/suspicious/noDoubleEquals: json-logic `==` is JavaScript's loose equality
  return toPrimitive(aObject ? a : b) == other;
}

// Relational operators on primitives: JavaScript's own, including string-to-number coercion.
export const lessThan = (a: unknown, b: unknown): boolean => (prim(a) as number) < (prim(b) as number);
export const lessOrEqual = (a: unknown, b: unknown): boolean => (prim(a) as number) <= (prim(b) as number);

/** `parseFloat(value)` as json-logic-js `+` and `*` apply it. */
export function toFloat(value: unknown): number {
  if (typeof value === 'number') return value === 0 ? 0 : value;
  return Number.parseFloat(toStringJs(value));
}

/** `String.prototype.substr`, which is deprecated: same results, written out. */
export function substrJs(source: string, start: unknown, length?: unknown): string {
  const size = source.length;
  let from = toIntegerOrInfinity(start);
  if (from === Number.NEGATIVE_INFINITY) from = 0;
  else if (from < 0) from = Math.max(size + from, 0);
  else from = Math.min(from, size);
  const count = length === undefined ? size - from : Math.min(Math.max(toIntegerOrInfinity(length), 0), size - from);
  if (count <= 0) return '';
  return source.slice(from, from + count);
}

function toIntegerOrInfinity(value: unknown): number {
  const n = Number(value);
  if (Number.isNaN(n) || n === 0) return 0;
  if (!Number.isFinite(n)) return n;
  return Math.trunc(n);
}

/** json-logic-js `substr`, including its PHP-like negative length. */
export function substr(source: unknown, start: unknown, end: unknown): string {
  const text = toStringJs(source);
  const s = prim(start);
  const e = prim(end);
  if ((e as number) < 0) {
    const temp = substrJs(text, s);
    // json-logic-js adds the raw value: a string "-1" concatenates, and the length becomes NaN → 0.
    return substrJs(temp, 0, (temp.length as unknown as string) + (e as string));
  }
  return substrJs(text, s, e);
}
