// Every page in the (app) group needs a signed-in user; without a session, go to /login and
// come back afterwards.
import { redirect } from '@sveltejs/kit';
import { getCurrentUser } from '#lib/api/session.ts';
import { loginUrl } from '#lib/navigation/paths.ts';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ fetch, url, depends }) => {
  depends('app:session');
  const user = await getCurrentUser({ fetch });
  if (!user) redirect(303, loginUrl(url));
  return { user };
};
