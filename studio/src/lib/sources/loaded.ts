// A part of a page that loaded, or why it did not: plain data, so a page can show the parts that
// worked next to an error state for the one that failed.
import { isRedirect } from '@sveltejs/kit';
import { type ErrorInfo, toErrorInfo } from '../errors/error-message.ts';

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Waits for `promise`; a lost session still redirects. */
export async function settle<T>(promise: Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { ok: false, error: toErrorInfo(error) };
  }
}
