// The studio's one door to the engine. `api` is an openapi-fetch client typed by schema.d.ts, which is
// generated from the engine's OpenAPI document (scripts/generate-api.ts), so a path, a parameter or a
// body the engine does not accept is a type error here. Feature modules in this folder wrap its calls
// in named functions through `call`; components reach them through services and load functions and
// never fetch themselves.
//
// Same origin, session cookie, JSON in and out; writes carry the session's CSRF token; error bodies
// become a typed ApiError; a lost session sends the user to /login.
import { redirect } from '@sveltejs/kit';
import createClient, { type Middleware } from 'openapi-fetch';
import { loginUrl } from '../navigation/paths.ts';
import type { components, paths } from './schema.d.ts';

/** A schema the engine's OpenAPI document names, e.g. `Schema<'Alert'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

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

/** The signed-in session's CSRF token, learnt from login and from /api/auth/me. */
let csrfToken: string | null = null;

export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sessionHeaders: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept', 'application/json');
    if (csrfToken && !SAFE_METHODS.has(request.method)) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

/** The browser's origin; tests in Node have none, so they get a fixed one. */
const origin = globalThis.location?.origin ?? 'http://studio.test';

export const api = createClient<paths>({ baseUrl: origin, credentials: 'same-origin' });
api.use(sessionHeaders);

/** The per-call options openapi-fetch takes from ours. */
export function init(options: CallOptions = {}): {
  fetch?: (request: Request) => Promise<Response>;
  signal?: AbortSignal;
} {
  const { fetch, signal } = options;
  return { ...(fetch ? { fetch: (request: Request) => fetch(request) } : {}), ...(signal ? { signal } : {}) };
}

interface Answer<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

export interface UnwrapOptions {
  /**
   * `redirect` (default): a 401 means the session is gone, so navigate to /login.
   * `throw`: the caller handles 401 itself (the login form, the session probe).
   */
  onUnauthorized?: 'redirect' | 'throw';
}

/**
 * Waits for an `api` call and gives its data, or throws: an ApiError for an error answer or an
 * unreachable engine, SvelteKit's redirect to /login for a lost session.
 */
export async function call<Data>(pending: Promise<Answer<Data>>, options: UnwrapOptions = {}): Promise<Data> {
  let answer: Answer<Data>;
  try {
    answer = await pending;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    if (isApiError(cause)) throw cause;
    throw new ApiError(0, CLIENT_ERROR_CODES.network, cause instanceof Error ? cause.message : String(cause));
  }
  const { response } = answer;
  if (response.status === 401 && (options.onUnauthorized ?? 'redirect') === 'redirect') {
    // SvelteKit follows this when it is thrown from a load function; handleError follows it elsewhere.
    redirect(303, loginUrl());
  }
  if (!response.ok) throw toApiError(response, answer.error);
  return answer.data as Data;
}

function toApiError(response: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(
      response.status,
      error.code,
      typeof error.message === 'string' ? error.message : error.code,
      error.details,
    );
  }
  // Not our error body (a proxy's HTML page, say): a generic error.
  return new ApiError(response.status, `http.${response.status}`, response.statusText || `HTTP ${response.status}`);
}

/** Drops empty values, so an unset filter is not sent as `?status=`. */
export function query<Q extends object>(values: Q): Q {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as Q;
}
