// A scheme's version history and the difference between two of its versions (`?from=&to=`; by default
// the newest and the one before it).
import { isRedirect } from '@sveltejs/kit';
import {
  getScheme,
  getVersion,
  listMetricCatalog,
  type MetricInfo,
  type Scheme,
  type SchemeVersion,
} from '#lib/api/schemes.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { SCHEMES_DEPENDENCY } from '#lib/services/schemes.service.ts';
import type { PageLoad } from './$types';

interface HistoryData {
  scheme: Scheme | null;
  from: SchemeVersion | null;
  to: SchemeVersion | null;
  metrics: MetricInfo[];
  error: ErrorInfo | null;
}

export const load: PageLoad = async ({ fetch, params, url, depends }): Promise<HistoryData> => {
  depends(SCHEMES_DEPENDENCY);
  try {
    const [scheme, metrics] = await Promise.all([getScheme(params.id, { fetch }), listMetricCatalog({ fetch })]);
    const numbers = scheme.versions.map((v) => v.version).sort((a, b) => b - a);
    const pick = (name: string, fallback: number | undefined) => {
      const asked = Number(url.searchParams.get(name));
      return numbers.includes(asked) ? asked : fallback;
    };
    const to = pick('to', numbers[0]);
    const from = pick('from', numbers.find((n) => to !== undefined && n < to) ?? numbers[1]);
    const [fromVersion, toVersion] = await Promise.all([
      from ? getVersion(scheme.id, from, { fetch }) : null,
      to ? getVersion(scheme.id, to, { fetch }) : null,
    ]);
    return { scheme, from: fromVersion, to: toVersion, metrics, error: null };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { scheme: null, from: null, to: null, metrics: [], error: toErrorInfo(error) };
  }
};
