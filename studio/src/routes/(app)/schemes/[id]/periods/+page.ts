// A scheme's periods and runs: the versions that run (to evaluate a period now or pause their schedules) and the
// state of every period's close.
import { error } from '@sveltejs/kit';
import { listSchemePeriods, type SchemePeriod } from '#lib/api/scheme-runs.ts';
import { roleHas } from '#lib/auth/permissions.ts';
import { RUNS_DEPENDENCY } from '#lib/backtests/runs.ts';
import { loadSchemeData, type SchemeData } from '#lib/backtests/scheme-data.ts';
import { type Loaded, settle } from '#lib/sources/loaded.ts';
import type { PageLoad } from './$types';

interface PeriodsPageData extends SchemeData {
  schemeId: string;
  periods: Loaded<SchemePeriod[]>;
}

export const load: PageLoad = async ({ fetch, params, parent, depends }): Promise<PeriodsPageData> => {
  const { user } = await parent();
  if (!roleHas(user.role, 'schemes.read')) {
    error(403, { code: 'auth.forbidden', message: 'Schemes are for HR, managers and administrators' });
  }
  depends(RUNS_DEPENDENCY);
  const [schemeData, periods] = await Promise.all([
    loadSchemeData(params.id, { fetch }),
    settle(listSchemePeriods(params.id, { fetch })),
  ]);
  return { schemeId: params.id, ...schemeData, periods };
};
