// Someone already signed in has no business on the login form: send them on.
import { redirect } from '@sveltejs/kit';
import { getCurrentUser } from '#lib/api/session.ts';
import { safeNextPath } from '#lib/navigation/paths.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  const next = url.searchParams.get('next');
  // An unreachable engine is not a reason to hide the form; signing in will report it.
  const user = await getCurrentUser({ fetch }).catch(() => null);
  if (user) redirect(303, safeNextPath(next));
  return { next };
};
