// Loads the bonus lines for the filters in the URL, and what the filters offer (employees, departments,
// schemes: each left empty if it cannot be read). A failure of the lines becomes part of the page data.
import { isRedirect } from '@sveltejs/kit';
import {
  BONUS_PAGE_LIMIT,
  type BonusFilter,
  type BonusRecord,
  type Department,
  listBonuses,
  listDepartments,
  listSchemes,
  type Scheme,
} from '#lib/api/ledger.ts';
import { listEmployees } from '#lib/api/people.ts';
import type { Employee } from '#lib/api/types.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { LEDGER_DEPENDENCY, parseBonusFilter } from '#lib/ledger/ledger-filter.ts';
import type { PageLoad } from './$types';

interface LedgerPageData {
  filter: BonusFilter;
  lines: BonusRecord[];
  /** the engine's page was full: there may be lines (and amounts) beyond it */
  truncated: boolean;
  employees: Pick<Employee, 'id' | 'name'>[];
  departments: Department[];
  schemes: Scheme[];
  error: ErrorInfo | null;
  loadedAt: string;
}

const orEmpty = <T>(pending: Promise<T[]>): Promise<T[]> =>
  pending.catch((error: unknown) => {
    if (isRedirect(error)) throw error;
    return [];
  });

export const load: PageLoad = async ({ fetch, url, depends }): Promise<LedgerPageData> => {
  depends(LEDGER_DEPENDENCY);
  const filter = parseBonusFilter(url.searchParams);
  const loadedAt = new Date().toISOString();
  const options = Promise.all([
    orEmpty(listEmployees({ fetch })).then((items) => items.map(({ id, name }) => ({ id, name }))),
    orEmpty(listDepartments({ fetch })),
    orEmpty(listSchemes({ fetch })),
  ]);
  try {
    const lines = await listBonuses(filter, { fetch });
    const [employees, departments, schemes] = await options;
    return {
      filter,
      lines,
      truncated: lines.length >= BONUS_PAGE_LIMIT,
      employees,
      departments,
      schemes,
      error: null,
      loadedAt,
    };
  } catch (error) {
    if (isRedirect(error)) throw error;
    const [employees, departments, schemes] = await options;
    return {
      filter,
      lines: [],
      truncated: false,
      employees,
      departments,
      schemes,
      error: toErrorInfo(error),
      loadedAt,
    };
  }
};
