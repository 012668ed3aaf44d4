// Signing in and out, the current session, and the engine's health.
import { api, type CallOptions, call, init, isApiError, rememberCsrfToken } from './client.ts';
import type { Health, LoginRequest, User } from './types.ts';

export async function login(credentials: LoginRequest, options: CallOptions = {}): Promise<User> {
  const session = await call(api.POST('/api/auth/login', { body: credentials, ...init(options) }), {
    onUnauthorized: 'throw',
  });
  rememberCsrfToken(session.csrfToken);
  return session.user;
}

export async function logout(options: CallOptions = {}): Promise<void> {
  await call(api.POST('/api/auth/logout', init(options)), { onUnauthorized: 'throw' });
  rememberCsrfToken(null);
}

/** The signed-in user, or null when there is no valid session. */
export async function getCurrentUser(options: CallOptions = {}): Promise<User | null> {
  try {
    const session = await call(api.GET('/api/auth/me', init(options)), { onUnauthorized: 'throw' });
    rememberCsrfToken(session.csrfToken);
    return session.user;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      rememberCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function getHealth(options: CallOptions = {}): Promise<Health> {
  return call(api.GET('/api/health', init(options)), { onUnauthorized: 'throw' });
}
