// The test form's defaults and how its answer reads: a sample body per kind, and the problems of a
// rejected sample as `{ path, message }` rows.
import { isApiError } from '../api/client.ts';
import type { SourceKind, ValidationIssue } from '../api/types.ts';

/** An event in Yardstick's own shape, for a generic source without a mapping. */
export function sampleBody(kind: SourceKind, now: Date = new Date()): string {
  if (kind !== 'generic') return '';
  return JSON.stringify(
    {
      id: 'deal-1001-won',
      type: 'deal.won',
      employee: 'crm-101',
      amount: '125000.00',
      currency: 'RUB',
      occurredAt: now.toISOString(),
    },
    null,
    2,
  );
}

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
