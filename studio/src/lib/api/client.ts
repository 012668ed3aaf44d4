// The studio's one door to the engine: every HTTP call goes through `request` here. Same origin,
// session cookie, JSON in and out; writes carry the session's CSRF token; error bodies become a
// typed ApiError; a lost session sends the user to /login.
import { redirect } from '@sveltejs/kit';
import { loginUrl } from '../navigation/paths.ts';
import type {
  Alert,
  AlertList,
  AlertQuery,
  ApiErrorBody,
  CreateSourceRequest,
  DeliveryList,
  DeliveryQuery,
  Employee,
  EmployeeList,
  Enrichment,
  Health,
  LoginRequest,
  ReconcileResult,
  SessionResponse,
  Source,
  SourceList,
  SourceTestRequest,
  SourceTestResult,
  SourceWithSecret,
  UnmappedUser,
  UnmappedUserList,
  UpdateSourceRequest,
  User,
  UserMapping,
  UserMappingList,
  UserMappingResult,
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

/** The signed-in session's CSRF token, learnt from login and from /api/auth/me. */
let csrfToken: string | null = null;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
  if (csrfToken && !SAFE_METHODS.has(method)) headers['x-csrf-token'] = csrfToken;

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
  const session = await request<SessionResponse>('/api/auth/login', {
    ...options,
    method: 'POST',
    body: credentials,
    onUnauthorized: 'throw',
  });
  csrfToken = session.csrfToken;
  return session.user;
}

export async function logout(options: CallOptions = {}): Promise<void> {
  await request<void>('/api/auth/logout', { ...options, method: 'POST', onUnauthorized: 'throw' });
  csrfToken = null;
}

/** The signed-in user, or null when there is no valid session. */
export async function getCurrentUser(options: CallOptions = {}): Promise<User | null> {
  try {
    const session = await request<SessionResponse>('/api/auth/me', { ...options, onUnauthorized: 'throw' });
    csrfToken = session.csrfToken;
    return session.user;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      csrfToken = null;
      return null;
    }
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

// --- CRM sources ------------------------------------------------------------------------------

const sourcePath = (id: string) => `/api/sources/${encodeURIComponent(id)}`;

export async function listSources(options: CallOptions = {}): Promise<Source[]> {
  const { items } = await request<SourceList>('/api/sources', options);
  return items;
}

export function getSource(id: string, options: CallOptions = {}): Promise<Source> {
  return request<Source>(sourcePath(id), options);
}

/** Registers a source; the answer carries its secret, which the engine never shows again. */
export function createSource(source: CreateSourceRequest, options: CallOptions = {}): Promise<SourceWithSecret> {
  return request<SourceWithSecret>('/api/sources', { ...options, method: 'POST', body: source });
}

export function updateSource(id: string, patch: UpdateSourceRequest, options: CallOptions = {}): Promise<Source> {
  return request<Source>(sourcePath(id), { ...options, method: 'PATCH', body: patch });
}

/** Replaces the secret with `secret`, or with a new generated one; the answer shows it this once. */
export function rotateSourceSecret(id: string, secret?: string, options: CallOptions = {}): Promise<SourceWithSecret> {
  return request<SourceWithSecret>(`${sourcePath(id)}/secret`, {
    ...options,
    method: 'POST',
    body: secret ? { secret } : {},
  });
}

export async function listDeliveries(
  id: string,
  query: DeliveryQuery = {},
  options: CallOptions = {},
): Promise<DeliveryList> {
  return request<DeliveryList>(`${sourcePath(id)}/deliveries`, {
    ...options,
    query: { status: query.status, limit: query.limit?.toString(), cursor: query.cursor },
  });
}

export function replayEnrichment(id: string, enrichmentId: string, options: CallOptions = {}): Promise<Enrichment> {
  return request<Enrichment>(`${sourcePath(id)}/enrichments/${encodeURIComponent(enrichmentId)}/replay`, {
    ...options,
    method: 'POST',
  });
}

/**
 * Runs a sample body through the source as a delivery would go, storing nothing but a `test` entry in
 * the delivery log. An invalid body is an ApiError whose details list `{ path, message }`.
 */
export function testSource(id: string, test: SourceTestRequest, options: CallOptions = {}): Promise<SourceTestResult> {
  return request<SourceTestResult>(`${sourcePath(id)}/test`, { ...options, method: 'POST', body: test });
}

export async function listUnmappedUsers(id: string, options: CallOptions = {}): Promise<UnmappedUser[]> {
  const { items } = await request<UnmappedUserList>(`${sourcePath(id)}/unmapped-users`, options);
  return items;
}

export async function listUserMappings(id: string, options: CallOptions = {}): Promise<UserMapping[]> {
  const { items } = await request<UserMappingList>(`${sourcePath(id)}/user-mappings`, options);
  return items;
}

/** Says which employee a CRM user is; the events already stored for that user count for them from now on. */
export function mapUser(
  id: string,
  externalUserId: string,
  employeeId: string,
  options: CallOptions = {},
): Promise<UserMappingResult> {
  return request<UserMappingResult>(`${sourcePath(id)}/user-mappings/${encodeURIComponent(externalUserId)}`, {
    ...options,
    method: 'PUT',
    body: { employeeId },
  });
}

/** Forgets which employee a CRM user is; their later events are kept unmapped, earlier ones stay attributed. */
export async function unmapUser(id: string, externalUserId: string, options: CallOptions = {}): Promise<void> {
  await request<void>(`${sourcePath(id)}/user-mappings/${encodeURIComponent(externalUserId)}`, {
    ...options,
    method: 'DELETE',
  });
}

/** Polls the CRM now instead of waiting for the next scheduled reconciliation. */
export function reconcileSource(id: string, options: CallOptions = {}): Promise<ReconcileResult> {
  return request<ReconcileResult>(`${sourcePath(id)}/reconcile`, { ...options, method: 'POST' });
}

// --- people -----------------------------------------------------------------------------------

/** Employees the caller may see, by name (the engine answers at most 1000 per page). */
export async function listEmployees(options: CallOptions = {}): Promise<Employee[]> {
  const { items } = await request<EmployeeList>('/api/employees', { ...options, query: { limit: '1000' } });
  return items;
}

// --- system -----------------------------------------------------------------------------------

export function getHealth(options: CallOptions = {}): Promise<Health> {
  return request<Health>('/api/health', { ...options, onUnauthorized: 'throw' });
}
