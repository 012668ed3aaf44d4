// Plain-JSON helpers: checking, copying and printing values.

/** A deep copy of JSON data; own `__proto__` keys stay plain data (never touch a prototype). */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, {
      value: cloneJson((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out as T;
}

/** A value as a person reads it in a trace: 0.736, "deal.lost", [1, 2], null. */
export function formatValue(value: unknown, lang: 'en' | 'ru' = 'en'): string {
  if (typeof value === 'number') {
    const text = Number.isFinite(value) ? String(value) : String(value);
    return lang === 'ru' ? text.replace('.', ',') : text;
  }
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && isDecimalLike(value)) {
    const text = String(value);
    return lang === 'ru' ? text.replace('.', ',') : text;
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function isDecimalLike(value: object): boolean {
  return typeof (value as { isFinite?: unknown }).isFinite === 'function' && 'd' in value && 'e' in value;
}
