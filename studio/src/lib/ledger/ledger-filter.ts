// The ledger's filters live in the URL (`/ledger?period=2026-11&status=approved`), so a filtered view
// survives a reload and can be shared; the page load reads them back with parseBonusFilter.
import { BONUS_KINDS, BONUS_STATUSES, type BonusFilter, type BonusKind, type BonusStatus } from '../api/ledger.ts';

export const LEDGER_DEPENDENCY = 'app:ledger';

export const FILTER_KEYS = ['period', 'status', 'kind', 'employee', 'department', 'scheme'] as const;

/** The period keys the engine accepts: 2026-10, 2026-Q4, 2026-H2, 2026, 2026-10-01..2026-10-15. */
const PERIOD = /^\d{4}(?:-(?:0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$|^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/;

export function isPeriodKey(value: string): boolean {
  return PERIOD.test(value);
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  (values as readonly string[]).includes(value ?? '') ? (value as T) : undefined;

/** The filter in `params`; values the engine would refuse (an unknown status, a malformed period) are dropped. */
export function parseBonusFilter(params: URLSearchParams): BonusFilter {
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const period = text('period');
  const filter: BonusFilter = {
    period: period && isPeriodKey(period) ? period : undefined,
    status: oneOf<BonusStatus>(BONUS_STATUSES, params.get('status')),
    kind: oneOf<BonusKind>(BONUS_KINDS, params.get('kind')),
    employee: text('employee'),
    department: text('department'),
    scheme: text('scheme'),
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as BonusFilter;
}

/** The query string of a filter, keys in a fixed order, empty values left out. */
export function bonusFilterSearch(filter: BonusFilter): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}
