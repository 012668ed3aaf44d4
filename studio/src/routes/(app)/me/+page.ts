// "My card": an employee's own employee card; a login that is nobody's goes to the dashboard.
import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { user } = await parent();
  if (user.employeeId) redirect(307, `/employees/${encodeURIComponent(user.employeeId)}`);
  redirect(307, '/dashboard');
};
