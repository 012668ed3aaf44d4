import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import type { Review } from '../api/reviews.ts';
import { checkDecision, deadlineState, problemsOfRefusal, whyNotDecide } from './review-decision.ts';
import { parseReviewStatus } from './review-queue.ts';

const NOW = Date.parse('2026-12-03T12:00:00Z');

describe('checkDecision', () => {
  it('needs no reason to approve, and one to reject or adjust', () => {
    expect(checkDecision({ kind: 'approve', reason: '', amount: '' }, 'RUB')).toEqual([]);
    expect(checkDecision({ kind: 'reject', reason: '  ', amount: '' }, 'RUB')).toEqual([
      { field: 'reason', key: 'reviews.form.reasonRequired' },
    ]);
  });

  it('takes an adjusted total of zero or more in the currency’s minor units', () => {
    const adjust = (amount: string, currency = 'RUB') =>
      checkDecision({ kind: 'adjust', reason: 'Сделка подтверждена', amount }, currency).map((p) => p.key);
    expect(adjust('25000.00')).toEqual([]);
    expect(adjust('0')).toEqual([]);
    expect(adjust('1.005')).toEqual(['reviews.form.amountInvalid']);
    expect(adjust('-5')).toEqual(['reviews.form.amountInvalid']);
    expect(adjust('10.5', 'JPY')).toEqual(['reviews.form.amountInvalid']);
  });
});

describe('problemsOfRefusal', () => {
  it('puts a 422’s problems at their fields and a 409 or 403 on the form', () => {
    const invalid = new ApiError(422, 'validation.failed', 'Invalid', [
      { path: '/amount', message: 'a decimal string such as "12500.00"' },
    ]);
    expect(problemsOfRefusal(invalid)).toEqual([
      { field: 'amount', key: null, text: 'a decimal string such as "12500.00"' },
    ]);
    expect(problemsOfRefusal(new ApiError(409, 'review.already_decided', 'x'))).toEqual([
      { field: null, key: 'reviews.refused.decided' },
    ]);
    expect(problemsOfRefusal(new ApiError(403, 'auth.forbidden', 'Nobody decides on their own bonus'))).toEqual([
      { field: null, key: 'reviews.refused.forbidden', text: 'Nobody decides on their own bonus' },
    ]);
  });
});

describe('deadlineState', () => {
  const review = (deadline: string, status: Review['status'] = 'pending') => ({ status, deadline, overdue: false });
  it('tells overdue, due within a day, on time, and decided', () => {
    expect(deadlineState(review('2026-12-03T11:00:00Z'), NOW)).toBe('overdue');
    expect(deadlineState(review('2026-12-04T06:00:00Z'), NOW)).toBe('dueSoon');
    expect(deadlineState(review('2026-12-08T12:00:00Z'), NOW)).toBe('onTime');
    expect(deadlineState(review('2026-12-01T12:00:00Z', 'approved'), NOW)).toBe('decided');
  });
});

describe('whyNotDecide', () => {
  const review = (reviewerRole: Review['reviewerRole'], employeeId = 'e2') =>
    ({ status: 'pending', reviewerRole, bonus: { employee: { id: employeeId } } }) as Review;
  it('follows the engine: HR always, a manager while the review is the manager role’s, nobody their own', () => {
    expect(whyNotDecide(review('manager'), { role: 'manager', employeeId: 'e1' })).toBeNull();
    expect(whyNotDecide(review('hr'), { role: 'manager', employeeId: 'e1' })).toBe('reviews.cannot.role');
    expect(whyNotDecide(review('hr'), { role: 'hr', employeeId: null })).toBeNull();
    expect(whyNotDecide(review('manager', 'e1'), { role: 'manager', employeeId: 'e1' })).toBe('reviews.cannot.own');
  });
});

describe('parseReviewStatus', () => {
  it('lists pending unless told otherwise', () => {
    expect(parseReviewStatus(null)).toBe('pending');
    expect(parseReviewStatus('approved')).toBe('approved');
    expect(parseReviewStatus('any')).toBeUndefined();
    expect(parseReviewStatus('bogus')).toBe('pending');
  });
});
