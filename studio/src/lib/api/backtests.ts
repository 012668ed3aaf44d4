// Backtests: a scheme version evaluated over past periods from the stored event history, beside what the scheme
// paid. Also the scheme, its versions and the organization's settings the backtest and run screens need.
import { api, type CallOptions, call, init, query, type Schema } from './client.ts';
import type { paths } from './schema.d.ts';

export type SchemeVersion = Schema<'SchemeVersion'>;
/** A scheme with its versions (as GET /api/schemes/{id} answers it). */
export type Scheme = Awaited<ReturnType<typeof getScheme>>;
export type SchemeVersionSummary = Scheme['versions'][number];
export type Organization = Schema<'Organization'>;
export type Department = Schema<'Department'>;
export type Backtest = Schema<'Backtest'>;
export type BacktestPeriodTotals = Schema<'BacktestPeriodTotals'>;
export type BacktestStatus = Backtest['status'];
export type BacktestResult =
  paths['/api/backtests/{id}/results']['get']['responses'][200]['content']['application/json']['items'][number];

export function getScheme(id: string, options: CallOptions = {}) {
  return call(api.GET('/api/schemes/{id}', { params: { path: { id } }, ...init(options) }));
}

export function getSchemeVersion(id: string, v: number, options: CallOptions = {}): Promise<SchemeVersion> {
  return call(api.GET('/api/schemes/{id}/versions/{v}', { params: { path: { id, v } }, ...init(options) }));
}

/** The organization's settings: its time zone says which periods have ended. */
export function getOrganization(options: CallOptions = {}): Promise<Organization> {
  return call(api.GET('/api/organization', init(options)));
}

export async function listDepartments(options: CallOptions = {}): Promise<Department[]> {
  const { items } = await call(api.GET('/api/departments', init(options)));
  return items;
}

/** Newest first. */
export async function listSchemeBacktests(schemeId: string, options: CallOptions = {}): Promise<Backtest[]> {
  const { items } = await call(
    api.GET('/api/schemes/{id}/backtests', { params: { path: { id: schemeId } }, ...init(options) }),
  );
  return items;
}

export function getBacktest(id: string, options: CallOptions = {}): Promise<Backtest> {
  return call(api.GET('/api/backtests/{id}', { params: { path: { id } }, ...init(options) }));
}

/** Starts a backtest of version `v` over ended periods of the scheme's kind (at most 24); 503 without Temporal. */
export function startBacktest(
  schemeId: string,
  v: number,
  periods: readonly string[],
  options: CallOptions = {},
): Promise<{ id: string; workflowId: string }> {
  return call(
    api.POST('/api/schemes/{id}/versions/{v}/backtest', {
      params: { path: { id: schemeId, v } },
      body: { periods: [...periods] },
      ...init(options),
    }),
  );
}

export function cancelBacktest(id: string, options: CallOptions = {}): Promise<Backtest> {
  return call(api.POST('/api/backtests/{id}/cancel', { params: { path: { id } }, ...init(options) }));
}

const RESULTS_PAGE = 1000;

/** Every result of a backtest (by period, then employee), page after page. */
export async function listBacktestResults(
  id: string,
  filter: { period?: string } = {},
  options: CallOptions = {},
): Promise<BacktestResult[]> {
  const results: BacktestResult[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(
      api.GET('/api/backtests/{id}/results', {
        params: { path: { id }, query: query({ ...filter, cursor, limit: RESULTS_PAGE }) },
        ...init(options),
      }),
    );
    results.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return results;
}
