// Turns zod issues into the API's validation details: `[{ path: '/json/pointer', message }]`.
import type { z } from 'zod';
import { AppError } from './errors.ts';

export interface ValidationDetail {
  path: string;
  message: string;
}

export function toValidationDetails(issues: readonly z.core.$ZodIssue[]): ValidationDetail[] {
  return issues.map((issue) => ({
    path: `/${issue.path.map((segment) => String(segment).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`,
    message: issue.message,
  }));
}

/** A 422 whose message names the first problem and whose details list them all. */
export function validationError(code: string, what: string, issues: readonly z.core.$ZodIssue[]): AppError {
  const details = toValidationDetails(issues);
  const first = details[0];
  return new AppError(422, code, `Invalid ${what}${first ? `: ${first.path} ${first.message}` : ''}`, details);
}
