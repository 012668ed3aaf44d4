import { describe, expect, it } from 'vitest';
import { nextStep, RECHECK_INTERVAL_MS } from './bonus-review.workflow.ts';
import {
  checkDecision,
  DAY_MS,
  type ReviewDecisionRequest,
  type ReviewSnapshot,
  resolveReviewPolicy,
} from './shared/index.ts';

const proposedAt = Date.parse('2026-10-01T04:00:00Z');
const deadline = proposedAt + 5 * DAY_MS;

const review = (over: Partial<ReviewSnapshot> = {}): ReviewSnapshot => ({
  reviewId: 'r-1',
  status: 'pending',
  reviewerRole: 'manager',
  deadline: new Date(deadline).toISOString(),
  createdAt: new Date(proposedAt).toISOString(),
  employeeId: 'e-1',
  employeeName: 'Anna',
  amount: '60000.00',
  currency: 'RUB',
  comment: null,
  schemeVersionId: 'v-1',
  period: '2026-09',
  remindersSent: 0,
  lastRemindedAt: null,
  escalatedAt: null,
  policy: resolveReviewPolicy({ required: true, reviewerRole: 'manager', deadlineDays: 5 }),
  ...over,
});

describe('the review policy', () => {
  it('fills in reminders and escalation for versions stored before they existed', () => {
    expect(resolveReviewPolicy({ required: true, reviewerRole: 'manager', deadlineDays: 5 })).toEqual({
      required: true,
      reviewerRole: 'manager',
      deadlineDays: 5,
      remindBeforeDays: [1],
      escalateTo: 'hr',
      escalationDays: 3,
    });
    expect(
      resolveReviewPolicy({ required: true, reviewerRole: 'manager', deadlineDays: 5, escalateTo: null }).escalateTo,
    ).toBeNull();
  });
});

describe('what a pending review waits for', () => {
  it('a reminder the day before the deadline, then the escalation at the deadline', () => {
    expect(nextStep(review(), proposedAt)).toEqual({
      action: 'remind',
      at: deadline - DAY_MS,
      dueAt: deadline - DAY_MS,
    });
    const reminded = review({ remindersSent: 1, lastRemindedAt: new Date(deadline - DAY_MS + 5).toISOString() });
    expect(nextStep(reminded, deadline - DAY_MS + 10)).toEqual({ action: 'escalate', at: deadline });
    expect(nextStep(reminded, deadline + 1)).toEqual({ action: 'escalate', at: deadline + 1 });
  });

  it('reminds once for several reminders missed, for the latest', () => {
    const several = review({ policy: { ...review().policy, remindBeforeDays: [3, 1, 2] } });
    expect(nextStep(several, proposedAt)).toMatchObject({ action: 'remind', at: deadline - 3 * DAY_MS });
    expect(nextStep(several, deadline - DAY_MS / 2)).toEqual({
      action: 'remind',
      at: deadline - DAY_MS / 2,
      dueAt: deadline - DAY_MS,
    });
  });

  it('after the escalation: reminders before the new deadline, then only re-checks', () => {
    const escalatedAt = deadline + 60_000;
    const newDeadline = escalatedAt + 3 * DAY_MS;
    const escalated = review({
      reviewerRole: 'hr',
      escalatedAt: new Date(escalatedAt).toISOString(),
      deadline: new Date(newDeadline).toISOString(),
      remindersSent: 1,
      lastRemindedAt: new Date(deadline - DAY_MS).toISOString(),
    });
    expect(nextStep(escalated, escalatedAt)).toMatchObject({ action: 'remind', at: newDeadline - DAY_MS });
    const late = newDeadline + DAY_MS;
    const remindedAgain = {
      ...escalated,
      remindersSent: 2,
      lastRemindedAt: new Date(newDeadline - DAY_MS).toISOString(),
    };
    expect(nextStep(remindedAgain, late)).toEqual({ action: 'recheck', at: late + RECHECK_INTERVAL_MS });
  });

  it('without an escalation role, or when it is the reviewer’s: no escalation', () => {
    const none = review({
      policy: { ...review().policy, escalateTo: null },
      remindersSent: 1,
      lastRemindedAt: new Date(deadline - DAY_MS).toISOString(),
    });
    expect(nextStep(none, deadline + 1).action).toBe('recheck');
    const hr = review({
      reviewerRole: 'hr',
      policy: { ...review().policy, reviewerRole: 'hr' },
      remindersSent: 1,
      lastRemindedAt: new Date(deadline - DAY_MS).toISOString(),
    });
    expect(nextStep(hr, deadline + 1).action).toBe('recheck');
  });
});

describe('who may decide', () => {
  const pending = { status: 'pending' as const, reviewerRole: 'manager' as const, employeeId: 'e-1' };
  const as = (role: string, employeeId: string | null = null) => ({ userId: `u-${role}`, role, employeeId });
  const approve = (role: string, employeeId: string | null = null): ReviewDecisionRequest => ({
    kind: 'approve',
    principal: as(role, employeeId),
  });

  it('the policy’s role, HR and admins; never the employee themself', () => {
    expect(checkDecision(pending, approve('manager', 'e-2'), false)).toBeNull();
    expect(checkDecision(pending, approve('hr'), false)).toBeNull();
    expect(checkDecision(pending, approve('admin'), false)).toBeNull();
    expect(checkDecision(pending, approve('employee', 'e-3'), false)).toMatchObject({ status: 403 });
    expect(checkDecision(pending, approve('viewer'), false)).toMatchObject({ status: 403 });
    expect(checkDecision(pending, approve('manager', 'e-1'), false)).toMatchObject({
      status: 403,
      message: 'Nobody decides on their own bonus',
    });
    expect(checkDecision({ ...pending, reviewerRole: 'hr' }, approve('manager', 'e-2'), false)).toMatchObject({
      status: 403,
    });
  });

  it('a reason for a rejection or an adjustment, and an amount of 0 or more', () => {
    const principal = as('hr');
    expect(checkDecision(pending, { kind: 'reject', principal, reason: ' \n' }, false)).toMatchObject({
      status: 422,
      details: [{ path: '/reason' }],
    });
    expect(checkDecision(pending, { kind: 'adjust', principal, amount: '10.00', reason: '' }, false)).toMatchObject({
      status: 422,
      details: [{ path: '/reason' }],
    });
    for (const amount of ['-1', '1e5', '', '12,5']) {
      expect(checkDecision(pending, { kind: 'adjust', principal, amount, reason: 'x' }, false)).toMatchObject({
        status: 422,
        details: [{ path: '/amount' }],
      });
    }
    expect(checkDecision(pending, { kind: 'adjust', principal, amount: '0', reason: 'x' }, false)).toBeNull();
  });

  it('once: a decided review, or one being decided, is a 409', () => {
    expect(checkDecision({ ...pending, status: 'approved' }, approve('hr'), false)).toMatchObject({
      status: 409,
      code: 'review.already_decided',
    });
    expect(checkDecision(pending, approve('hr'), true)).toMatchObject({ status: 409 });
  });
});
