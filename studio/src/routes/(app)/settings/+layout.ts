// Settings are the administrator's; anyone else gets the "no access" page rather than failed requests.
import { error } from '@sveltejs/kit';
import { roleHas } from '#lib/auth/permissions.ts';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ parent }) => {
  const { user } = await parent();
  if (!roleHas(user.role, 'users.manage')) {
    error(403, { code: 'auth.forbidden', message: 'Only administrators change settings' });
  }
};
