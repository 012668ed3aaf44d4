// How the test bench's answer reads: the problems of a rejected sample as `{ path, message }` rows,
// and which settings input an engine problem is about.
import { isApiError } from '../api/client.ts';
import type { ValidationIssue } from '../api/types.ts';

function isIssue(value: unknown): value is ValidationIssue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ValidationIssue).path === 'string' &&
    typeof (value as ValidationIssue).message === 'string'
  );
}

/** The `{ path, message }` details of an API error (a 422), or none. */
export function validationIssues(error: unknown): ValidationIssue[] {
  if (!isApiError(error) || !Array.isArray(error.details)) return [];
  return error.details.filter(isIssue);
}

/** `/settings/stages/won` → `stages.won`: the settings form's key for an issue the engine reported. */
export function settingsKeyOf(path: string): string | null {
  const match = /^\/settings\/(.+)$/.exec(path);
  if (!match) return null;
  return (match[1] as string)
    .split('/')
    .filter((part) => !/^\d+$/.test(part))
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.');
}
