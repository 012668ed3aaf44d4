// The landing page: progress of the period in the URL (the current month by default) for what
// the signed-in role may see, who is behind, open alerts and bonuses awaiting review. Each part
// loads on its own; the parts a role may not read are not asked for.
import { byNewest } from '#lib/alerts/alert-list.ts';
import { listAlerts } from '#lib/api/alerts.ts';
import { getProgress, listDepartments, listMetrics, listPendingReviews } from '#lib/api/progress.ts';
import { roleHas } from '#lib/auth/permissions.ts';
import { monthOf, periodParam } from '#lib/progress/periods.ts';
import { section, skipped } from '#lib/progress/sections.ts';
import type { PageLoad } from './$types';

const ALERTS_SHOWN = 5;
const REVIEWS_SHOWN = 5;

export const load: PageLoad = async ({ fetch, url, parent, depends }) => {
  depends('app:dashboard');
  const { user } = await parent();
  const period = periodParam(url.searchParams.get('period'), monthOf(new Date()));
  const options = { fetch };
  const [progress, metrics, departments, alerts, reviews] = await Promise.all([
    section(getProgress({ period }, options)),
    section(listMetrics(options)),
    section(listDepartments(options)),
    roleHas(user.role, 'alerts.read')
      ? section(listAlerts({ status: 'open' }, options).then((items) => byNewest(items).slice(0, ALERTS_SHOWN)))
      : skipped(),
    roleHas(user.role, 'reviews.decide') ? section(listPendingReviews(REVIEWS_SHOWN, options)) : skipped(),
  ]);
  return { user, period, progress, metrics, departments, alerts, reviews };
};
