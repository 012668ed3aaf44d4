// Signing in and out: calls the API, then moves the user to where they belong.
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { LOGIN_PATH, login, logout } from '../api/client.ts';
import type { LoginRequest, User } from '../api/types.ts';

export const HOME_PATH = '/alerts';

/**
 * Where to go after signing in. Only a path inside the studio is accepted, so a crafted
 * `?next=https://evil.example` or `//evil.example` link cannot bounce the user off-site.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return HOME_PATH;
  if (next === LOGIN_PATH || next.startsWith(`${LOGIN_PATH}?`)) return HOME_PATH;
  return next;
}

export async function signIn(credentials: LoginRequest, next: string | null | undefined): Promise<User> {
  const user = await login(credentials);
  await goto(safeNextPath(next), { replace: true });
  return user;
}

export async function signOut(): Promise<void> {
  await logout();
  await goto(resolve(LOGIN_PATH), { replace: true });
}
