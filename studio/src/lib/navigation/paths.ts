// The studio's fixed places and the rules for moving between them around signing in.

export const LOGIN_PATH = '/login';
export const HOME_PATH = '/dashboard';

/** Where to send the user to sign in, remembering where they were. */
export function loginUrl(from?: Pick<URL, 'pathname' | 'search'>): string {
  const here = from ?? (typeof location === 'undefined' ? undefined : location);
  if (!here || here.pathname === LOGIN_PATH) return LOGIN_PATH;
  return `${LOGIN_PATH}?next=${encodeURIComponent(here.pathname + here.search)}`;
}

/**
 * Where to go after signing in. Only a path inside the studio is accepted, so a crafted
 * `?next=https://evil.example` or `//evil.example` link cannot bounce the user off-site.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return HOME_PATH;
  if (next === LOGIN_PATH || next.startsWith(`${LOGIN_PATH}?`)) return HOME_PATH;
  return next;
}
