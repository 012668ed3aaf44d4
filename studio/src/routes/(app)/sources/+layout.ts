// CRM sources are for those who may manage them; anyone else gets the "no access" page rather than
// a screen of failed requests.
import { error } from '@sveltejs/kit';
import { roleHas } from '#lib/auth/permissions.ts';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ parent }) => {
  const { user } = await parent();
  if (!roleHas(user.role, 'sources.manage')) {
    error(403, { code: 'auth.forbidden', message: 'Only administrators manage CRM sources' });
  }
};
