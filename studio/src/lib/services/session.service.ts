// Signing in and out: calls the API, then moves the user to where they belong.
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { login, logout } from '../api/session.ts';
import type { LoginRequest, User } from '../api/types.ts';
import { LOGIN_PATH, safeNextPath } from '../navigation/paths.ts';

export async function signIn(credentials: LoginRequest, next: string | null | undefined): Promise<User> {
  const user = await login(credentials);
  await goto(safeNextPath(next), { replace: true });
  return user;
}

export async function signOut(): Promise<void> {
  await logout();
  await goto(resolve(LOGIN_PATH), { replace: true });
}
