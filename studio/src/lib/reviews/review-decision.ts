// The review decision form's rules, the engine's as far as the browser can know them: a reason for a
// rejection or an adjustment, an adjusted total that is a decimal of zero or more in the currency's
// minor units; and the engine's answers (403, 409, 422 with JSON paths) put where the user looks.
import { isApiError } from '../api/client.ts';
import type { Review } from '../api/reviews.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { isNonNegativeDecimal } from '../money.ts';

export type DecisionKind = 'approve' | 'reject' | 'adjust';
export type DecisionField = 'reason' | 'amount';

export interface DecisionDraft {
  kind: DecisionKind;
  reason: string;
  amount: string;
}

/** A problem of the form: at a field, or of the form as a whole (field null). */
export interface DecisionProblem {
  field: DecisionField | null;
  /** a message of ours, or the engine's own text when it said something we do not know */
  key: MessageKey | null;
  text?: string;
}

export const MAX_REASON_LENGTH = 2000;

/** Minor-unit digits of a currency (RUB 2, JPY 0), as Intl knows them. */
export function fractionDigitsOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function checkDecision(draft: DecisionDraft, currency: string): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  const reason = draft.reason.trim();
  if (draft.kind !== 'approve' && reason.length === 0)
    problems.push({ field: 'reason', key: 'reviews.form.reasonRequired' });
  if (reason.length > MAX_REASON_LENGTH) problems.push({ field: 'reason', key: 'reviews.form.reasonTooLong' });
  if (draft.kind === 'adjust' && !isNonNegativeDecimal(draft.amount, fractionDigitsOf(currency))) {
    problems.push({ field: 'amount', key: 'reviews.form.amountInvalid' });
  }
  return problems;
}

const FIELD_BY_PATH: Readonly<Record<string, DecisionField>> = {
  '/reason': 'reason',
  '/comment': 'reason',
  '/amount': 'amount',
};

/** The engine's refusal of a decision, as problems of the form. */
export function problemsOfRefusal(error: unknown): DecisionProblem[] {
  if (!isApiError(error)) return [{ field: null, key: 'error.unexpected' }];
  if (error.status === 422 && Array.isArray(error.details)) {
    return (error.details as { path?: unknown; message?: unknown }[]).map((detail) => ({
      field: FIELD_BY_PATH[String(detail.path)] ?? null,
      key: null,
      text: String(detail.message ?? error.message),
    }));
  }
  if (error.status === 409) return [{ field: null, key: 'reviews.refused.decided' }];
  if (error.status === 403) return [{ field: null, key: 'reviews.refused.forbidden', text: error.message }];
  if (error.status === 404) return [{ field: null, key: 'reviews.refused.notFound' }];
  return [{ field: null, key: null, text: error.message }];
}

export type DeadlineState = 'decided' | 'overdue' | 'dueSoon' | 'onTime';

const DUE_SOON_MS = 24 * 60 * 60 * 1000;

/** How the deadline stands at `now`: past (overdue), within a day, or later; decided reviews have none. */
export function deadlineState(review: Pick<Review, 'status' | 'deadline' | 'overdue'>, now: number): DeadlineState {
  if (review.status !== 'pending') return 'decided';
  const left = Date.parse(review.deadline) - now;
  if (review.overdue || left < 0) return 'overdue';
  return left < DUE_SOON_MS ? 'dueSoon' : 'onTime';
}

/**
 * Why the signed-in user may not decide this review, or null when they may: the engine's rules (admins
 * and HR always; a manager while the review is the manager role's, so not after an escalation; nobody
 * their own bonus). The engine still decides, and its answer is shown if it differs.
 */
export function whyNotDecide(
  review: Pick<Review, 'status' | 'reviewerRole' | 'bonus'>,
  user: { role: string; employeeId: string | null },
): MessageKey | null {
  if (review.status !== 'pending') return 'reviews.cannot.decided';
  if (user.role !== 'admin' && user.role !== 'hr' && !(user.role === 'manager' && review.reviewerRole === 'manager')) {
    return 'reviews.cannot.role';
  }
  if (user.employeeId !== null && review.bonus.employee.id === user.employeeId) return 'reviews.cannot.own';
  return null;
}
