// A time read by raw SQL: SQLite answers epoch milliseconds (a number, or digits as text), PostgreSQL a Date or
// an ISO string. One reading for both.
export function toMillis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return new Date(value as string).getTime();
}
