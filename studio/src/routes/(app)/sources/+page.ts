// Loads the source list, and how many CRM users each source has that map to no employee (one small
// request per source: an organization has a handful). A failure becomes part of the page data so the
// shell stays usable; a count that cannot be read is simply not shown.
import { isRedirect } from '@sveltejs/kit';
import { listSources, listUnmappedUsers } from '#lib/api/sources.ts';
import type { Source } from '#lib/api/types.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { SOURCES_DEPENDENCY } from '#lib/sources/source-kinds.ts';
import type { PageLoad } from './$types';

interface SourcesPageData {
  sources: Source[];
  /** source id → CRM users without an employee */
  unmapped: Record<string, number>;
  error: ErrorInfo | null;
}

export const load: PageLoad = async ({ fetch, depends }): Promise<SourcesPageData> => {
  depends(SOURCES_DEPENDENCY);
  try {
    const sources = await listSources({ fetch });
    const counts = await Promise.all(
      sources.map((source) =>
        listUnmappedUsers(source.id, { fetch }).then(
          (users) => [source.id, users.length] as const,
          () => null,
        ),
      ),
    );
    return { sources, unmapped: Object.fromEntries(counts.filter((entry) => entry !== null)), error: null };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { sources: [], unmapped: {}, error: toErrorInfo(error) };
  }
};
