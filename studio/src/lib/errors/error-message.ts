// Turns any failure into a sentence for the user, in the current language: known API error codes
// map to messages of our own; an unknown code falls back to the engine's own message.
import { CLIENT_ERROR_CODES, isApiError } from '../api/client.ts';
import { t } from '../i18n/i18n.svelte.ts';
import type { MessageKey } from '../i18n/messages.ts';

/** What a load function keeps of an ApiError: plain data, so it can live in page data. */
export interface ErrorInfo {
  status: number;
  code: string;
  message: string;
}

const MESSAGE_BY_CODE: Readonly<Record<string, MessageKey>> = {
  'auth.invalid_credentials': 'error.auth.invalid_credentials',
  'auth.unauthenticated': 'error.auth.unauthenticated',
  'auth.forbidden': 'error.auth.forbidden',
  [CLIENT_ERROR_CODES.network]: 'error.network',
  [CLIENT_ERROR_CODES.badResponse]: 'error.badResponse',
};

export function toErrorInfo(error: unknown): ErrorInfo {
  if (isApiError(error)) return { status: error.status, code: error.code, message: error.message };
  return { status: 0, code: 'client.unexpected', message: error instanceof Error ? error.message : String(error) };
}

export function errorMessage(error: unknown): string {
  const info = isApiError(error) || !isErrorInfo(error) ? toErrorInfo(error) : error;
  const key = MESSAGE_BY_CODE[info.code];
  if (key) return t(key);
  // No envelope (a proxy error page, say): say what kind of failure it was instead of "Bad Gateway".
  if (info.code.startsWith('http.')) {
    if (info.status >= 500) return t('error.server');
    if (info.status === 422) return t('error.invalidInput');
  }
  if (info.code === 'client.unexpected' || !info.message) return t('error.unexpected');
  return info.message;
}

function isErrorInfo(value: unknown): value is ErrorInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorInfo).code === 'string' &&
    typeof (value as ErrorInfo).status === 'number'
  );
}
