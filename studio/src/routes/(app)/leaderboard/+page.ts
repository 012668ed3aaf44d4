// The leaderboard of the metric, period and department in the URL, as the engine shows it to the
// caller (full, in bands, or hidden but for their own row).
import { getLeaderboard, getOrganization, listActiveSchemes, listDepartments, listMetrics } from '#lib/api/progress.ts';
import { roleHas } from '#lib/auth/permissions.ts';
import { rankBy, readFilters } from '#lib/progress/leaderboard.ts';
import { section, skipped } from '#lib/progress/sections.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, parent, depends }) => {
  depends('app:leaderboard');
  const { user } = await parent();
  const options = { fetch };
  const [metrics, departments, organization, schemes] = await Promise.all([
    section(listMetrics(options)),
    section(listDepartments(options)),
    section(getOrganization(options)),
    roleHas(user.role, 'schemes.read') ? section(listActiveSchemes(options)) : skipped(),
  ]);
  const filters = readFilters(
    url.searchParams,
    (metrics.data ?? []).map((m) => m.key),
    new Date(),
  );
  const leaderboard = filters.metric
    ? await section(
        getLeaderboard(
          {
            ...rankBy(filters.metric),
            period: filters.period,
            scope: filters.department ? `department:${filters.department}` : undefined,
          },
          options,
        ),
      )
    : null;
  return {
    user,
    filters,
    metrics,
    departments,
    schemes: schemes.data ?? [],
    leaderboard,
    currency: organization.data?.currency ?? 'RUB',
  };
};
