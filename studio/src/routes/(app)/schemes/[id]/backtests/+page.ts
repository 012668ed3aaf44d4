// A scheme's backtests: the scheme and its versions (to start one), and the backtests run before, newest first.
// Backtests show everyone's payouts, so only HR and administrators get here.
import { error } from '@sveltejs/kit';
import { type Backtest, listSchemeBacktests } from '#lib/api/backtests.ts';
import { roleHas } from '#lib/auth/permissions.ts';
import { BACKTESTS_DEPENDENCY } from '#lib/backtests/results.ts';
import { loadSchemeData, type SchemeData } from '#lib/backtests/scheme-data.ts';
import { type Loaded, settle } from '#lib/sources/loaded.ts';
import type { PageLoad } from './$types';

interface BacktestsPageData extends SchemeData {
  schemeId: string;
  backtests: Loaded<Backtest[]>;
}

export const load: PageLoad = async ({ fetch, params, parent, depends }): Promise<BacktestsPageData> => {
  const { user } = await parent();
  if (!roleHas(user.role, 'backtests.run')) {
    error(403, { code: 'auth.forbidden', message: 'Only HR and administrators run backtests' });
  }
  depends(BACKTESTS_DEPENDENCY);
  const [schemeData, backtests] = await Promise.all([
    loadSchemeData(params.id, { fetch }),
    settle(listSchemeBacktests(params.id, { fetch })),
  ]);
  return { schemeId: params.id, ...schemeData, backtests };
};
