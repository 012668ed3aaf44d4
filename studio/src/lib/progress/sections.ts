// A page of several independent parts loads each on its own: one that fails becomes an error in
// its own place (with the others shown), a lost session still goes to the login page.
import { isRedirect } from '@sveltejs/kit';
import { type ErrorInfo, toErrorInfo } from '../errors/error-message.ts';

export type Section<T> = { data: T; error: null } | { data: null; error: ErrorInfo };

export async function section<T>(pending: Promise<T>): Promise<Section<T>> {
  try {
    return { data: await pending, error: null };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { data: null, error: toErrorInfo(error) };
  }
}

/** What a section holds when the caller's role may not read it: nothing, and no error. */
export const skipped = async (): Promise<{ data: null; error: null }> => ({ data: null, error: null });
