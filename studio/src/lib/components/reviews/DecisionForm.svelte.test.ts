import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Review } from '../../api/reviews.ts';
import { locale } from '../../i18n/i18n.svelte.ts';
import DecisionForm from './DecisionForm.svelte';

const review = {
  id: 'r1',
  status: 'pending',
  reviewerRole: 'manager',
  deadline: '2026-12-08T12:00:00.000Z',
  overdue: false,
  remindersSent: 0,
  lastRemindedAt: null,
  escalatedAt: null,
  decidedBy: null,
  decidedAt: null,
  comment: null,
  adjustedAmount: null,
  createdAt: '2026-12-03T12:00:00.000Z',
  bonus: {
    id: 'b1',
    employee: { id: 'e1', name: 'Алексей Смирнов' },
    schemeVersion: { id: 'v1', schemeId: 's1', version: 1, schemeName: { en: 'Sales team bonus', ru: 'Премия' } },
    period: '2026-10',
    kind: 'payout',
    cause: 'period-close',
    amount: '52000.00',
    currency: 'RUB',
    status: 'proposed',
    shadow: false,
    evaluationId: null,
    note: null,
    createdAt: '2026-12-03T12:00:00.000Z',
    updatedAt: '2026-12-03T12:00:00.000Z',
  },
} satisfies Review;

describe('DecisionForm', () => {
  afterEach(() => {
    cleanup();
    locale.set('en');
  });

  it('asks for a reason before rejecting, at the field, and moves focus there', async () => {
    locale.set('en');
    render(DecisionForm, { review });
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: /Reject/ }));
    await user.click(screen.getByRole('button', { name: 'Reject bonus' }));

    const reason = screen.getByRole('textbox', { name: /Reason/ });
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(reason);
    expect(reason.getAttribute('aria-describedby')).toContain('decision-reason-problem');
    expect(document.getElementById('decision-reason-problem')?.textContent).toBe('Give a reason.');
  });

  it('takes an adjusted total in the currency’s minor units only, starting from the proposed one', async () => {
    locale.set('ru');
    render(DecisionForm, { review });
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: /Скорректировать/ }));
    const amount = screen.getByRole('textbox', { name: /Сумма к выплате, RUB/ }) as HTMLInputElement;
    expect(amount.value).toBe('52000.00');
    await user.clear(amount);
    await user.type(amount, '1.005');
    await user.type(screen.getByRole('textbox', { name: /Причина/ }), 'Крупная сделка 1 октября');
    await user.click(screen.getByRole('button', { name: 'Скорректировать и утвердить' }));

    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(amount);
    expect(document.getElementById('decision-amount-problem')?.textContent).toMatch(/не меньше нуля/);
  });
});
