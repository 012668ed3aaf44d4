// The one error class of the rule language: a stable code, the problems (with JSON pointers and
// RU/EN messages) and, for `throw`, the value the rule threw.
import type { Problem } from './types.ts';

export const RuleErrorCode = {
  /** compile() found problems in the rule */
  invalid: 'rule.invalid',
  /** a `throw` operation ran and no `try` caught it */
  thrown: 'rule.thrown',
  /** a result grew past a safety limit (list length or text length) */
  limitExceeded: 'rule.limit_exceeded',
  /** the context held a value JSON cannot hold and JavaScript refused to convert it */
  evaluationFailed: 'rule.evaluation_failed',
} as const;
export type RuleErrorCode = (typeof RuleErrorCode)[keyof typeof RuleErrorCode];

export class RuleError extends Error {
  readonly code: string;
  readonly problems: Problem[];
  /** For `rule.thrown`: the error type the rule threw (a string, or the thrown object's `type`). */
  readonly thrown?: unknown;
  constructor(code: string, problems: Problem[], thrown?: unknown) {
    super(problems.map((p) => `${p.path || '/'}: ${p.message.en}`).join('; ') || code);
    this.name = 'RuleError';
    this.code = code;
    this.problems = problems;
    if (thrown !== undefined) this.thrown = thrown;
  }
}

/** Raised by `throw` inside an evaluation; `try` catches only this. */
export class RuleThrow {
  readonly type: unknown;
  readonly path: string;
  constructor(type: unknown, path: string) {
    this.type = type;
    this.path = path;
  }
}
