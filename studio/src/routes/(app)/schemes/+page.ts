// Loads the schemes with their versions. A failure becomes part of the page data (not an error page).
import { isRedirect } from '@sveltejs/kit';
import { listSchemes, type Scheme } from '#lib/api/schemes.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { SCHEMES_DEPENDENCY } from '#lib/services/schemes.service.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, depends }): Promise<{ schemes: Scheme[]; error: ErrorInfo | null }> => {
  depends(SCHEMES_DEPENDENCY);
  try {
    return { schemes: await listSchemes({ fetch }), error: null };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { schemes: [], error: toErrorInfo(error) };
  }
};
