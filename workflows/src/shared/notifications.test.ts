// The notices built from an alert and from each step of a review: keys, audiences, links and RU/EN text.
import { describe, expect, it } from 'vitest';
import type { AlertToRaise } from './employee-events.ts';
import { alertNotification, formatAmount, type ReviewForNotice, reviewNotification } from './notifications.ts';

const alert: AlertToRaise = {
  dedupeKey: 'v1/big-loss/emp-1/2026-10/event:ev-9',
  schemeVersionId: 'v1',
  ruleId: 'big-loss',
  ruleName: { en: 'Big deal lost', ru: 'Потеряна крупная сделка' },
  employeeId: 'emp-1',
  period: '2026-10',
  severity: 'critical',
  message: { en: 'Deal 42 (300,000 RUB) lost', ru: 'Сделка 42 (300 000 RUB) потеряна' },
  causeEventId: 'ev-9',
};

const review: ReviewForNotice = {
  reviewId: 'rev-1',
  employeeId: 'emp-1',
  period: '2026-10',
  deadline: '2026-11-06T09:00:00.000Z',
  reviewerRole: 'manager',
  employeeName: 'Алексей Смирнов',
  amount: '250000.00',
  currency: 'RUB',
};

describe('alertNotification', () => {
  it('announces an alert once (its dedupe key) to the employee and their managers', () => {
    expect(alertNotification(alert, { employeeName: 'Алексей Смирнов' })).toEqual({
      key: 'alert/v1/big-loss/emp-1/2026-10/event:ev-9',
      topic: 'alert',
      employeeId: 'emp-1',
      audience: ['employee', 'managers'],
      subject: { en: 'Critical alert: Big deal lost', ru: 'Критичный сигнал: Потеряна крупная сделка' },
      body: {
        en: 'Deal 42 (300,000 RUB) lost\nАлексей Смирнов · period 2026-10',
        ru: 'Сделка 42 (300 000 RUB) потеряна\nАлексей Смирнов · период 2026-10',
      },
      link: '/alerts?employee=emp-1&period=2026-10',
    });
  });

  it('takes another audience, and reads without a name', () => {
    const notice = alertNotification({ ...alert, severity: 'info' }, { audience: ['managers', 'hr'] });
    expect(notice.audience).toEqual(['managers', 'hr']);
    expect(notice.subject.en).toBe('Alert: Big deal lost');
    expect(notice.body.ru).toBe('Сделка 42 (300 000 RUB) потеряна\nпериод 2026-10');
  });
});

describe('reviewNotification', () => {
  it('asks the policy’s reviewers to decide, with the amount and the deadline', () => {
    expect(reviewNotification('requested', review)).toEqual({
      key: 'review/rev-1/requested',
      topic: 'review.requested',
      employeeId: 'emp-1',
      audience: ['managers'],
      subject: {
        en: 'Bonus review requested: Алексей Смирнов',
        ru: 'Нужно согласовать премию: Алексей Смирнов',
      },
      body: {
        en: 'Bonus for 2026-10, employee Алексей Смирнов, amount 250,000.00 RUB.\nDecide by 2026-11-06.',
        ru: 'Премия за 2026-10, сотрудник Алексей Смирнов, сумма 250\u00a0000,00 RUB.\nРешение нужно до 2026-11-06.',
      },
      link: '/reviews/rev-1',
    });
    expect(reviewNotification('requested', { ...review, reviewerRole: 'hr' }).audience).toEqual(['hr']);
  });

  it('keys each reminder by its number, so each goes out once', () => {
    const first = reviewNotification('reminder', review, { reminder: 1 });
    const second = reviewNotification('reminder', review, { reminder: 2 });
    expect([first.key, second.key]).toEqual(['review/rev-1/reminder/1', 'review/rev-1/reminder/2']);
    expect(first.topic).toBe('review.reminder');
    expect(first.audience).toEqual(['managers']);
    expect(first.body.ru).toContain('Срок согласования — 2026-11-06');
  });

  it('escalates to the role it names (HR by default)', () => {
    const toHr = reviewNotification('escalated', review);
    expect(toHr).toMatchObject({ key: 'review/rev-1/escalated/hr', topic: 'review.escalated', audience: ['hr'] });
    expect(toHr.subject.en).toBe('Overdue bonus review escalated: Алексей Смирнов');
    expect(reviewNotification('escalated', review, { escalatedTo: 'admin' }).audience).toEqual(['admins']);
  });

  it('tells the employee the outcome, with the reviewer’s reason', () => {
    const rejected = reviewNotification('decided', { ...review, status: 'rejected', comment: 'Plan not met' });
    expect(rejected).toMatchObject({ key: 'review/rev-1/decided', topic: 'review.decided', audience: ['employee'] });
    expect(rejected.subject).toEqual({
      en: 'Your bonus for 2026-10 was rejected',
      ru: 'Ваша премия за 2026-10 отклонена',
    });
    expect(rejected.body.en).toMatch(/\nComment: Plan not met$/);
    const adjusted = reviewNotification('decided', { ...review, status: 'adjusted', amount: '200000.00' });
    expect(adjusted.subject.ru).toBe('Ваша премия за 2026-10 одобрена с изменённой суммой');
    expect(adjusted.body.en).toContain('amount 200,000.00 RUB');
  });
});

describe('formatAmount', () => {
  it('groups digits without floats, in each language', () => {
    expect(formatAmount('1234567.5', 'RUB', 'en')).toBe('1,234,567.5 RUB');
    expect(formatAmount('-1000', undefined, 'ru')).toBe('-1\u00a0000');
    expect(formatAmount('999.00', 'USD', 'ru')).toBe('999,00 USD');
  });
});
