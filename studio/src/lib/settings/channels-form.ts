// The notification channels as an editable form and back: credentials stay masked (the engine keeps the
// stored value for a mask sent back), a new webhook has no id, and the engine's problems are placed by
// their JSON pointer (`/email/host`, `/webhooks/1/url`).
import type {
  ChannelSettings,
  EmailChannel,
  NotificationChannels,
  NotificationTopic,
  WebhookSettings,
} from '../api/notification-channels.ts';
import type { ValidationIssue } from '../api/types.ts';

export const WEBHOOK_FORMATS = ['json', 'slack', 'telegram'] as const;
export const TOPICS: readonly NotificationTopic[] = [
  'alert',
  'review.requested',
  'review.reminder',
  'review.escalated',
  'review.decided',
];

export function settingsOf(channels: NotificationChannels): ChannelSettings {
  return {
    email: channels.email ? { ...channels.email } : null,
    webhooks: channels.webhooks.map((w) => ({ ...w, topics: [...w.topics] })),
  };
}

export function newEmail(): EmailChannel {
  return { enabled: true, host: '', port: 587, secure: false, user: '', password: '', from: '' };
}

export function newWebhook(name: string): WebhookSettings {
  return { name, enabled: true, url: 'https://', secret: '', format: 'json', chatId: null, topics: [] };
}

/** The body for PUT: trimmed, a Telegram chat id only for Telegram. */
export function channelsBody(settings: ChannelSettings): ChannelSettings {
  return {
    email: settings.email
      ? { ...settings.email, host: settings.email.host.trim(), from: settings.email.from.trim() }
      : null,
    webhooks: settings.webhooks.map((w) => ({
      ...w,
      name: w.name.trim(),
      url: w.url.trim(),
      chatId: w.format === 'telegram' ? (w.chatId?.trim() ?? null) : null,
    })),
  };
}

/** Problems by the form's own keys: `email.host`, `webhooks.1.url`; the rest above the form. */
export function channelProblems(issues: readonly ValidationIssue[]): {
  fields: Record<string, string>;
  other: ValidationIssue[];
} {
  const fields: Record<string, string> = {};
  const other: ValidationIssue[] = [];
  for (const issue of issues) {
    const match = /^\/(email\/[A-Za-z]+|webhooks\/\d+\/[A-Za-z]+)$/.exec(issue.path);
    if (match) fields[(match[1] as string).replaceAll('/', '.')] ??= issue.message;
    else other.push(issue);
  }
  return { fields, other };
}
