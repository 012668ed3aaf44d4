// Loads the source list. A failure becomes part of the page data so the shell stays usable.
import { isRedirect } from '@sveltejs/kit';
import { listSources } from '#lib/api/client.ts';
import type { Source } from '#lib/api/types.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { SOURCES_DEPENDENCY } from '#lib/sources/source-kinds.ts';
import type { PageLoad } from './$types';

interface SourcesPageData {
  sources: Source[];
  error: ErrorInfo | null;
}

export const load: PageLoad = async ({ fetch, depends }): Promise<SourcesPageData> => {
  depends(SOURCES_DEPENDENCY);
  try {
    return { sources: await listSources({ fetch }), error: null };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { sources: [], error: toErrorInfo(error) };
  }
};
