// The logins and the employees a login may be linked to.
import { isRedirect } from '@sveltejs/kit';
import { listEmployees } from '#lib/api/people.ts';
import type { Employee } from '#lib/api/types.ts';
import { listUsers, type UserAccount } from '#lib/api/users.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { USERS_DEPENDENCY } from '#lib/settings/settings-dependencies.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({
  fetch,
  depends,
}): Promise<{ users: UserAccount[]; employees: Employee[]; error: ErrorInfo | null }> => {
  depends(USERS_DEPENDENCY);
  try {
    const [users, employees] = await Promise.all([listUsers({ fetch }), listEmployees({ fetch })]);
    return { users, employees, error: null };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { users: [], employees: [], error: toErrorInfo(error) };
  }
};
