// Logins (admin only): who may sign in, with which role, and deactivation.
import { api, type CallOptions, call, init, type Schema } from './client.ts';

export type UserAccount = Schema<'UserAccount'>;
export type UserInput = Schema<'UserInput'>;
export type UserPatch = Schema<'UserPatch'>;
export type LoginRole = UserAccount['role'];

export const LOGIN_ROLES = ['admin', 'hr', 'manager', 'employee', 'viewer'] as const satisfies readonly LoginRole[];

export async function listUsers(options: CallOptions = {}): Promise<UserAccount[]> {
  const { items } = await call(api.GET('/api/users', init(options)));
  return items;
}

export function createUser(body: UserInput, options: CallOptions = {}): Promise<UserAccount> {
  return call(api.POST('/api/users', { body, ...init(options) }));
}

export function updateUser(id: string, body: UserPatch, options: CallOptions = {}): Promise<UserAccount> {
  return call(api.PATCH('/api/users/{id}', { params: { path: { id } }, body, ...init(options) }));
}

export async function deleteUser(id: string, options: CallOptions = {}): Promise<void> {
  await call(api.DELETE('/api/users/{id}', { params: { path: { id } }, ...init(options) }));
}
