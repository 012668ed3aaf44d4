// What a workflow asks to be told to people: the notification request `notify()` takes, and pure builders that
// make one from an alert or a review step, with its RU and EN text. Plain data: it crosses Temporal and the database.
import type { AlertToRaise } from './employee-events.ts';
import type { AlertSeverity, LocalizedText } from './scheme-definition.ts';

export type NotificationTopic =
  | 'alert'
  | 'review.requested'
  | 'review.reminder'
  | 'review.escalated'
  | 'review.decided';

/** Who hears of it: the employee's own user, the managers whose access scope holds the employee, HR, admins. */
export type NotificationAudience = 'employee' | 'managers' | 'hr' | 'admins';

export interface NotificationRequest {
  /** the same key is the same notification: asking again (a retry, a replay, a second call) sends nothing new */
  key: string;
  topic: NotificationTopic;
  /** the employee the notification is about */
  employeeId: string;
  audience: NotificationAudience[];
  subject: LocalizedText;
  body: LocalizedText;
  /** a studio path, such as `/alerts?employee=<id>` or `/reviews/<id>` */
  link: string | null;
}

/** What `notify()` did: rows planned for an external send, and how each ended. */
export interface NotifyResult {
  /** e-mails and webhook posts that still had to go out */
  planned: number;
  sent: number;
  failed: number;
}

const SEVERITY: Record<AlertSeverity, LocalizedText> = {
  info: { en: 'Alert', ru: 'Сигнал' },
  warning: { en: 'Warning', ru: 'Предупреждение' },
  critical: { en: 'Critical alert', ru: 'Критичный сигнал' },
};

/**
 * The notification of a raised alert: to the employee and their managers, keyed by the alert's dedupe key, so
 * that an alert raised once is announced once.
 */
export function alertNotification(
  alert: AlertToRaise,
  options: { employeeName?: string; audience?: NotificationAudience[] } = {},
): NotificationRequest {
  const who = options.employeeName ? `${options.employeeName} · ` : '';
  return {
    key: `alert/${alert.dedupeKey}`,
    topic: 'alert',
    employeeId: alert.employeeId,
    audience: options.audience ?? ['employee', 'managers'],
    subject: {
      en: `${SEVERITY[alert.severity].en}: ${alert.ruleName.en}`,
      ru: `${SEVERITY[alert.severity].ru}: ${alert.ruleName.ru}`,
    },
    body: {
      en: `${alert.message.en}\n${who}period ${alert.period}`,
      ru: `${alert.message.ru}\n${who}период ${alert.period}`,
    },
    link: `/alerts?employee=${encodeURIComponent(alert.employeeId)}&period=${encodeURIComponent(alert.period)}`,
  };
}

export type ReviewNoticeKind = 'requested' | 'reminder' | 'escalated' | 'decided';
type ReviewerRole = 'manager' | 'hr' | 'admin';

/** What a review notice needs of a review; the review workflow's snapshot has these fields. */
export interface ReviewForNotice {
  reviewId: string;
  employeeId: string;
  period: string;
  /** ISO instant */
  deadline: string;
  reviewerRole: ReviewerRole;
  status?: 'pending' | 'approved' | 'rejected' | 'adjusted';
  employeeName?: string;
  /** the proposed (or, once adjusted, the set) amount: a decimal string */
  amount?: string;
  currency?: string;
  /** the reviewer's comment or reason */
  comment?: string | null;
}

const AUDIENCE_OF_ROLE: Record<ReviewerRole, NotificationAudience> = {
  manager: 'managers',
  hr: 'hr',
  admin: 'admins',
};

const OUTCOME: Record<'approved' | 'rejected' | 'adjusted', LocalizedText> = {
  approved: { en: 'approved', ru: 'одобрена' },
  rejected: { en: 'rejected', ru: 'отклонена' },
  adjusted: { en: 'approved with a changed amount', ru: 'одобрена с изменённой суммой' },
};

/**
 * The notice of one step of a bonus review: `requested` and `reminder` go to the reviewers (the policy's role),
 * `escalated` to the role it escalates to, `decided` to the employee. Reminders are keyed by their number, so each
 * reminder goes out once.
 */
export function reviewNotification(
  kind: ReviewNoticeKind,
  review: ReviewForNotice,
  options: { reminder?: number; escalatedTo?: ReviewerRole } = {},
): NotificationRequest {
  const who = review.employeeName ?? '';
  const money = review.amount
    ? { en: formatAmount(review.amount, review.currency, 'en'), ru: formatAmount(review.amount, review.currency, 'ru') }
    : null;
  const due = review.deadline.slice(0, 10);
  const base = {
    employeeId: review.employeeId,
    link: `/reviews/${encodeURIComponent(review.reviewId)}`,
  };
  const about = {
    en: [`Bonus for ${review.period}`, who && `employee ${who}`, money && `amount ${money.en}`]
      .filter(Boolean)
      .join(', '),
    ru: [`Премия за ${review.period}`, who && `сотрудник ${who}`, money && `сумма ${money.ru}`]
      .filter(Boolean)
      .join(', '),
  };
  switch (kind) {
    case 'requested':
      return {
        ...base,
        key: `review/${review.reviewId}/requested`,
        topic: 'review.requested',
        audience: [AUDIENCE_OF_ROLE[review.reviewerRole]],
        subject: {
          en: `Bonus review requested${who && `: ${who}`}`,
          ru: `Нужно согласовать премию${who && `: ${who}`}`,
        },
        body: { en: `${about.en}.\nDecide by ${due}.`, ru: `${about.ru}.\nРешение нужно до ${due}.` },
      };
    case 'reminder': {
      const n = options.reminder ?? 1;
      return {
        ...base,
        key: `review/${review.reviewId}/reminder/${n}`,
        topic: 'review.reminder',
        audience: [AUDIENCE_OF_ROLE[review.reviewerRole]],
        subject: {
          en: `Reminder: bonus review${who && ` for ${who}`}`,
          ru: `Напоминание: согласование премии${who && ` (${who})`}`,
        },
        body: { en: `${about.en}.\nThe review is due on ${due}.`, ru: `${about.ru}.\nСрок согласования — ${due}.` },
      };
    }
    case 'escalated': {
      const to = options.escalatedTo ?? 'hr';
      return {
        ...base,
        key: `review/${review.reviewId}/escalated/${to}`,
        topic: 'review.escalated',
        audience: [AUDIENCE_OF_ROLE[to]],
        subject: {
          en: `Overdue bonus review escalated${who && `: ${who}`}`,
          ru: `Просроченное согласование премии передано вам${who && `: ${who}`}`,
        },
        body: {
          en: `${about.en}.\nThe deadline ${due} passed without a decision; the review is now yours.`,
          ru: `${about.ru}.\nСрок ${due} прошёл без решения; согласование передано вам.`,
        },
      };
    }
    case 'decided': {
      const outcome = OUTCOME[review.status === 'pending' || !review.status ? 'approved' : review.status];
      const reason = review.comment
        ? { en: `\nComment: ${review.comment}`, ru: `\nКомментарий: ${review.comment}` }
        : { en: '', ru: '' };
      return {
        ...base,
        key: `review/${review.reviewId}/decided`,
        topic: 'review.decided',
        audience: ['employee'],
        subject: {
          en: `Your bonus for ${review.period} was ${outcome.en}`,
          ru: `Ваша премия за ${review.period} ${outcome.ru}`,
        },
        body: { en: `${about.en}.${reason.en}`, ru: `${about.ru}.${reason.ru}` },
      };
    }
  }
}

/** `250000.00` → `250,000.00 RUB` (en) or `250 000,00 RUB` (ru), without floats. */
export function formatAmount(amount: string, currency: string | undefined, locale: 'en' | 'ru'): string {
  const [whole = '0', fraction] = amount.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'en' ? ',' : '\u00a0');
  const number = `${sign}${grouped}${fraction ? `${locale === 'en' ? '.' : ','}${fraction}` : ''}`;
  return currency ? `${number} ${currency}` : number;
}
