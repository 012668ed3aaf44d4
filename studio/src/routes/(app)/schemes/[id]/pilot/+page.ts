// The pilot comparison of a scheme for one period (the current one unless the URL asks for another): the pilot
// version's shadow run beside the active version, per employee. No pilot is a state of the page, not an error.
import { error } from '@sveltejs/kit';
import { type Department, listDepartments } from '#lib/api/backtests.ts';
import { getPilotDiff, type PilotDiff } from '#lib/api/pilot.ts';
import { roleHas } from '#lib/auth/permissions.ts';
import { recentPeriods } from '#lib/backtests/periods.ts';
import { loadSchemeData, type SchemeData, type VersionInfo } from '#lib/backtests/scheme-data.ts';
import { chosenPeriod, PERIOD_PARAM, PILOT_DEPENDENCY } from '#lib/pilot/pilot-rows.ts';
import { type Loaded, settle } from '#lib/sources/loaded.ts';
import type { PageLoad } from './$types';

/** How many periods back the comparison can be asked for. */
const PERIODS_OFFERED = 12;

interface PilotPageData extends SchemeData {
  schemeId: string;
  pilot: VersionInfo | null;
  active: VersionInfo | null;
  periods: string[];
  period: string | null;
  diff: Loaded<PilotDiff> | null;
  departments: Department[];
}

export const load: PageLoad = async ({ fetch, params, parent, url, depends }): Promise<PilotPageData> => {
  const { user } = await parent();
  if (!roleHas(user.role, 'bonuses.read')) {
    error(403, { code: 'auth.forbidden', message: 'The pilot comparison shows bonuses' });
  }
  depends(PILOT_DEPENDENCY);
  const [schemeData, departments] = await Promise.all([
    loadSchemeData(params.id, { fetch }),
    settle(listDepartments({ fetch })),
  ]);
  const base = {
    schemeId: params.id,
    ...schemeData,
    active: schemeData.versions.find((v) => v.status === 'active') ?? null,
    departments: departments.ok ? departments.value : [],
  };
  const pilot = schemeData.versions.find((v) => v.status === 'pilot') ?? null;
  if (!pilot) return { ...base, pilot, periods: [], period: null, diff: null };
  const periods = recentPeriods(pilot.periodKind, schemeData.today, PERIODS_OFFERED);
  const period = chosenPeriod(url.searchParams.get(PERIOD_PARAM), periods) ?? null;
  const diff = period ? await settle(getPilotDiff(params.id, period, { fetch })) : null;
  // the pilot ended between reading the scheme and the comparison
  if (diff && !diff.ok && diff.error.code === 'scheme.no_pilot')
    return { ...base, pilot: null, periods, period, diff: null };
  return { ...base, pilot, periods, period, diff };
};
