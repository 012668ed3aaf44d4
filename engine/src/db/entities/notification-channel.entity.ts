// An external notification channel an admin set up: the SMTP server e-mail goes through (one row, id `email`), or
// an outbound webhook (a Slack or Telegram bot, or any JSON receiver). Credentials live in `settings` and are
// masked whenever the API shows them.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { timestamps } from './base.ts';

export const NotificationChannel = defineEntity({
  name: 'NotificationChannel',
  tableName: 'notification_channel',
  properties: {
    /** `email` for the SMTP channel; a UUID for each webhook */
    id: p.string().length(64).primary(),
    kind: p.string().length(16).$type<'email' | 'webhook'>(),
    name: p.string(),
    enabled: p.boolean().default(true),
    /** `EmailChannelSettings` or `WebhookChannelSettings` (modules/notifications/notification-channels.ts) */
    settings: p.json<Record<string, unknown>>(),
    ...timestamps(),
  },
});
export type NotificationChannel = InferEntity<typeof NotificationChannel>;
