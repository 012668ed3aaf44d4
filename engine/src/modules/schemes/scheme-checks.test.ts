import type { SchemeDefinition } from '@yardstick/workflows/shared';
import { describe, expect, it } from 'vitest';
import { DEMO_SCHEME_DEFINITION } from '../../db/seed/demo-data.ts';
import { AppError } from '../../lib/errors.ts';
import { assertPublishable, reviewPolicyProblems } from './scheme-checks.ts';

const withPolicy = (reviewPolicy: SchemeDefinition['reviewPolicy']): SchemeDefinition => ({
  ...structuredClone(DEMO_SCHEME_DEFINITION as SchemeDefinition),
  reviewPolicy,
});

describe('the review policy at publishing', () => {
  it('accepts the defaults, and reminders that fit the review or its escalation', () => {
    expect(reviewPolicyProblems(withPolicy(undefined))).toEqual([]);
    expect(reviewPolicyProblems(withPolicy({ required: true, reviewerRole: 'manager', deadlineDays: 1 }))).toEqual([]);
    expect(
      reviewPolicyProblems(
        withPolicy({ required: true, reviewerRole: 'hr', deadlineDays: 5, remindBeforeDays: [1, 3], escalateTo: 'hr' }),
      ),
    ).toEqual([]);
  });

  it('refuses a reminder before every round it could belong to, and one listed twice, with JSON paths', () => {
    const policy = withPolicy({
      required: true,
      reviewerRole: 'manager',
      deadlineDays: 5,
      remindBeforeDays: [2, 7, 2],
      escalateTo: 'hr',
      escalationDays: 3,
    });
    expect(reviewPolicyProblems(policy).map((p) => [p.path, p.code])).toEqual([
      ['/reviewPolicy/remindBeforeDays/1', 'review_policy.reminder_too_early'],
      ['/reviewPolicy/remindBeforeDays/2', 'review_policy.duplicate_reminder'],
    ]);
    let refusal: unknown;
    try {
      assertPublishable(policy, ['calls', 'conversion', 'won_amount', 'deals_won', 'deals_created', 'avg_deal']);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ status: 422, code: 'scheme.invalid_review_policy' });
  });
});
