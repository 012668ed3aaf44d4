// Sorting the per-employee tables of the backtest and pilot screens by a column: text by the locale's collation,
// money exactly; a missing amount (no evaluation) sorts last whichever the direction.
import { compareMoney } from '../money.ts';

export type SortDirection = 'asc' | 'desc';

export interface SortState<Key extends string> {
  key: Key;
  direction: SortDirection;
}

export type Column<Row> =
  | { kind: 'text'; value: (row: Row) => string }
  | { kind: 'money'; value: (row: Row) => string | null };

/** The next sort after clicking a column's head: the same column flips, another starts ascending (text) or descending (money). */
export function nextSort<Key extends string>(
  current: SortState<Key>,
  key: Key,
  kind: 'text' | 'money',
): SortState<Key> {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: kind === 'money' ? 'desc' : 'asc' };
}

export function sortRows<Row, Key extends string>(
  rows: readonly Row[],
  columns: Readonly<Record<Key, Column<Row>>>,
  sort: SortState<Key>,
  currency: string,
  locale: string,
  tieBreak: (row: Row) => string,
): Row[] {
  const column = columns[sort.key];
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    let order: number;
    if (column.kind === 'text') order = sign * collator.compare(column.value(a), column.value(b));
    else {
      const x = column.value(a);
      const y = column.value(b);
      if (x == null || y == null) order = x == null ? (y == null ? 0 : 1) : -1;
      else order = sign * compareMoney(x, y, currency);
    }
    return order || collator.compare(tieBreak(a), tieBreak(b));
  });
}

/** `aria-sort` of a column head. */
export function ariaSort<Key extends string>(sort: SortState<Key>, key: Key): 'ascending' | 'descending' | 'none' {
  if (sort.key !== key) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}
