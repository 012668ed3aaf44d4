// The studio's one door to the engine: every HTTP call goes through `request` here. Same origin,
// session cookie, JSON in and out; error bodies become a typed ApiError; a lost session sends the
// user to /login.
import { redirect } from '@sveltejs/kit';
import { loginUrl } from '../navigation/paths.ts';
import type {
  Alert,
  AlertList,
  AlertQuery,
  ApiErrorBody,
  Health,
  LoginRequest,
  SessionResponse,
  User,
} from './types.ts';

/** Codes the studio itself produces when the engine gave no error body. */
export const CLIENT_ERROR_CODES = {
  network: 'client.network_unreachable',
  badResponse: 'client.bad_response',
} as const;

export class ApiError extends Error {
  /** HTTP status, or 0 when the engine could not be reached. */
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Load functions pass SvelteKit's `fetch` so the page knows what it depends on. */
export type Fetch = typeof globalThis.fetch;

export interface CallOptions {
  fetch?: Fetch;
  signal?: AbortSignal;
}

interface RequestOptions extends CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | undefined>;
  body?: unknown;
  /**
   * `redirect` (default): a 401 means the session is gone, so navigate to /login.
   * `throw`: the caller handles 401 itself (the login form, the session probe).
   */
  onUnauthorized?: 'redirect' | 'throw';
}

async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, onUnauthorized = 'redirect', signal } = options;
  const doFetch = options.fetch ?? globalThis.fetch;

  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') search.set(key, value);
  }
  const url = search.size > 0 ? `${path}?${search}` : path;

  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await doFetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, CLIENT_ERROR_CODES.network, cause instanceof Error ? cause.message : String(cause));
  }

  if (response.status === 401 && onUnauthorized === 'redirect') {
    // SvelteKit follows this when it is thrown from a load function; handleError follows it elsewhere.
    redirect(303, loginUrl());
  }

  if (!response.ok) throw await toApiError(response);
  if (response.status === 204 || response.headers.get('content-length') === '0') return undefined as T;

  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(response.status, CLIENT_ERROR_CODES.badResponse, `Unreadable response from ${method} ${path}`);
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as Partial<ApiErrorBody>;
    if (parsed.error && typeof parsed.error.code === 'string') {
      const { code, message, details } = parsed.error;
      return new ApiError(response.status, code, typeof message === 'string' ? message : code, details);
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): fall through to a generic error.
  }
  return new ApiError(response.status, `http.${response.status}`, response.statusText || `HTTP ${response.status}`);
}

// --- auth -------------------------------------------------------------------------------------

export async function login(credentials: LoginRequest, options: CallOptions = {}): Promise<User> {
  const { user } = await request<SessionResponse>('/api/auth/login', {
    ...options,
    method: 'POST',
    body: credentials,
    onUnauthorized: 'throw',
  });
  return user;
}

export async function logout(options: CallOptions = {}): Promise<void> {
  await request<void>('/api/auth/logout', { ...options, method: 'POST', onUnauthorized: 'throw' });
}

/** The signed-in user, or null when there is no valid session. */
export async function getCurrentUser(options: CallOptions = {}): Promise<User | null> {
  try {
    const { user } = await request<SessionResponse>('/api/auth/me', { ...options, onUnauthorized: 'throw' });
    return user;
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

// --- alerts -----------------------------------------------------------------------------------

export async function listAlerts(query: AlertQuery = {}, options: CallOptions = {}): Promise<Alert[]> {
  const { items } = await request<AlertList>('/api/alerts', {
    ...options,
    query: { status: query.status, employee: query.employee },
  });
  return items;
}

// --- system -----------------------------------------------------------------------------------

export function getHealth(options: CallOptions = {}): Promise<Health> {
  return request<Health>('/api/health', { ...options, onUnauthorized: 'throw' });
}
