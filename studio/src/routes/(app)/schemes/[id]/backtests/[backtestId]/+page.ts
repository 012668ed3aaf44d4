// One backtest: its status and totals (asked for again while it runs), and once it has stopped its results per
// employee and period.
import { error } from '@sveltejs/kit';
import {
  type Backtest,
  type BacktestResult,
  getBacktest,
  getScheme,
  listBacktestResults,
  type Scheme,
} from '#lib/api/backtests.ts';
import { roleHas } from '#lib/auth/permissions.ts';
import { BACKTESTS_DEPENDENCY, isRunning } from '#lib/backtests/results.ts';
import { type Loaded, settle } from '#lib/sources/loaded.ts';
import type { PageLoad } from './$types';

interface BacktestPageData {
  schemeId: string;
  scheme: Loaded<Scheme>;
  backtest: Loaded<Backtest>;
  /** null while the backtest runs: its totals grow, its rows are read once it stops */
  results: Loaded<BacktestResult[]> | null;
}

export const load: PageLoad = async ({ fetch, params, parent, depends }): Promise<BacktestPageData> => {
  const { user } = await parent();
  if (!roleHas(user.role, 'backtests.run')) {
    error(403, { code: 'auth.forbidden', message: 'Only HR and administrators run backtests' });
  }
  depends(BACKTESTS_DEPENDENCY);
  const [scheme, backtest] = await Promise.all([
    settle(getScheme(params.id, { fetch })),
    settle(getBacktest(params.backtestId, { fetch })),
  ]);
  const results =
    backtest.ok && !isRunning(backtest.value)
      ? await settle(listBacktestResults(params.backtestId, {}, { fetch }))
      : null;
  return { schemeId: params.id, scheme, backtest, results };
};
