// The engine's one error type: a stable code, an HTTP status, an English message and optional details.
// Every API error body is `{ error: { code, message, details? } }`.
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly details: unknown;

  constructor(status: ContentfulStatusCode, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const unauthorized = (message = 'Sign in or send a bearer token') =>
  new AppError(401, 'auth.unauthenticated', message);
export const forbidden = (message = 'Your role does not allow this') => new AppError(403, 'auth.forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
