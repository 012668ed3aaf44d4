// The designer opens one version of a scheme (`?v=`; by default the newest draft, else the active one)
// with the metric catalog and the departments it picks from.
import { isRedirect } from '@sveltejs/kit';
import {
  type DepartmentInfo,
  getScheme,
  getVersion,
  listDepartments,
  listMetricCatalog,
  type MetricInfo,
  type Scheme,
  type SchemeVersion,
} from '#lib/api/schemes.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { versionToOpen } from '#lib/schemes/scheme-list.ts';
import { SCHEMES_DEPENDENCY } from '#lib/services/schemes.service.ts';
import type { PageLoad } from './$types';

interface DesignerData {
  scheme: Scheme | null;
  version: SchemeVersion | null;
  /** the scheme's active version, to compare against */
  active: SchemeVersion | null;
  metrics: MetricInfo[];
  departments: DepartmentInfo[];
  error: ErrorInfo | null;
}

export const load: PageLoad = async ({ fetch, params, url, depends }): Promise<DesignerData> => {
  depends(SCHEMES_DEPENDENCY);
  try {
    const [scheme, metrics, departments] = await Promise.all([
      getScheme(params.id, { fetch }),
      listMetricCatalog({ fetch }),
      listDepartments({ fetch }),
    ]);
    const asked = Number(url.searchParams.get('v'));
    const number = Number.isInteger(asked) && asked > 0 ? asked : versionToOpen(scheme)?.version;
    const activeNumber = scheme.versions.find((v) => v.status === 'active')?.version;
    const [version, active] = await Promise.all([
      number ? getVersion(scheme.id, number, { fetch }) : null,
      activeNumber && activeNumber !== number ? getVersion(scheme.id, activeNumber, { fetch }) : null,
    ]);
    return {
      scheme,
      version,
      active: version?.status === 'active' ? version : active,
      metrics,
      departments,
      error: null,
    };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { scheme: null, version: null, active: null, metrics: [], departments: [], error: toErrorInfo(error) };
  }
};
