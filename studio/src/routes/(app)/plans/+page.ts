// Loads what the plans grid shows for the period and department in the URL: the catalog, the
// employees, the departments and the period's plans. A failure becomes page data so the shell stays.
import { isRedirect } from '@sveltejs/kit';
import { listMetrics, type Metric } from '#lib/api/metrics.ts';
import { getOrganization } from '#lib/api/organization.ts';
import { listEmployees } from '#lib/api/people.ts';
import { type Department, listDepartments, listPlans, type Plan } from '#lib/api/plans.ts';
import type { Employee } from '#lib/api/types.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { isPeriod, monthOf } from '#lib/plans/periods.ts';
import { PLANS_DEPENDENCY } from '#lib/plans/plan-labels.ts';
import type { PageLoad } from './$types';

interface PlansPageData {
  period: string;
  department: string;
  metrics: Metric[];
  employees: Employee[];
  departments: Department[];
  plans: Plan[];
  error: ErrorInfo | null;
}

export const load: PageLoad = async ({ fetch, url, depends }): Promise<PlansPageData> => {
  depends(PLANS_DEPENDENCY);
  const asked = url.searchParams.get('period') ?? '';
  const department = url.searchParams.get('department') ?? '';
  let period = asked;
  try {
    // no period asked: this month as the organization's clock has it
    if (!isPeriod(period)) period = monthOf(new Date(), (await getOrganization({ fetch })).timeZone);
    const [metrics, employees, departments, plans] = await Promise.all([
      listMetrics({ fetch }),
      listEmployees({ fetch }),
      listDepartments({ fetch }),
      listPlans({ period }, { fetch }),
    ]);
    return { period, department, metrics, employees, departments, plans, error: null };
  } catch (error) {
    if (isRedirect(error)) throw error;
    if (!isPeriod(period)) period = monthOf(new Date());
    return { period, department, metrics: [], employees: [], departments: [], plans: [], error: toErrorInfo(error) };
  }
};
