// One message to one recipient through one channel: an in-app notice, an e-mail or an outbound webhook post.
// The dedupe key (notification key, channel, recipient or webhook) makes "never sent twice" a constraint: planning
// inserts rows if absent, and a row once `sent` is never sent again.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { Employee } from './employee.entity.ts';
import { NotificationChannel } from './notification-channel.entity.ts';
import { User } from './user.entity.ts';

export const NOTIFICATION_TOPICS = [
  'alert',
  'review.requested',
  'review.reminder',
  'review.escalated',
  'review.decided',
] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];
export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'webhook'] as const;
export type NotificationChannelKind = (typeof NOTIFICATION_CHANNELS)[number];
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const Notification = defineEntity({
  name: 'Notification',
  tableName: 'notification',
  indexes: [{ properties: ['recipient', 'channel', 'createdAt'] }],
  properties: {
    id: idProperty(),
    /** `<key>|<channel>|<recipient user or webhook id>`: one row per message that may ever be sent */
    dedupeKey: p.string().length(512).unique(),
    /** the caller's key for the notification as a whole (an alert's dedupe key, a review's step) */
    key: p.string().length(400),
    topic: p.string().length(32).$type<NotificationTopic>(),
    channel: p.string().length(16).$type<NotificationChannelKind>(),
    /** who reads it (in-app, e-mail); null for a webhook post, which goes to a chat rather than a person */
    recipient: () => p.manyToOne(User).mapToPk().nullable().deleteRule('cascade'),
    /** the webhook it is posted to; null for the other channels */
    webhook: () => p.manyToOne(NotificationChannel).mapToPk().nullable().deleteRule('cascade').index(false),
    /** the employee it is about */
    employee: () => p.manyToOne(Employee).mapToPk().nullable().deleteRule('set null').index(false),
    subject: p.json<{ en: string; ru: string }>(),
    body: p.json<{ en: string; ru: string }>(),
    /** a studio path such as `/reviews/<id>` */
    link: p.string().length(512).nullable(),
    status: p.string().length(16).$type<NotificationStatus>().default('pending'),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    sentAt: p.datetime().nullable(),
    readAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type Notification = InferEntity<typeof Notification>;
