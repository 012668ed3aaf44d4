// Notifications: the caller's in-app notices (read, mark read), and the external channels an admin sets up.
import { createRoute, z } from '@hono/zod-openapi';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  NOTIFICATION_TOPICS,
} from '../../db/entities/notification.entity.ts';
import {
  conflictResponse,
  errorResponses,
  LocalizedTextSchema,
  notFoundResponse,
  security,
} from '../../http/openapi-common.ts';
import { EmailSettingsSchema, WEBHOOK_FORMATS, WebhookSettingsSchema } from './notification-channels.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export const NotificationSchema = z
  .object({
    id: z.string(),
    topic: z.enum(NOTIFICATION_TOPICS),
    channel: z.enum(NOTIFICATION_CHANNELS),
    status: z.enum(NOTIFICATION_STATUSES),
    subject: LocalizedTextSchema,
    body: LocalizedTextSchema,
    link: z.string().nullable().openapi({ description: 'a studio path, such as /reviews/<id>' }),
    employeeId: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');

export const listNotifications = createRoute({
  method: 'get',
  path: '/api/notifications',
  tags: ['notifications'],
  summary: 'The caller’s in-app notifications: unread first, then newest first',
  security,
  request: {
    query: z.object({
      unread: z.enum(['true', 'false']).optional().openapi({ description: 'true: unread ones only' }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: {
      description: 'A page of notifications, the total of the filter and the number unread',
      ...json(z.object({ items: z.array(NotificationSchema), total: z.number(), unread: z.number() })),
    },
    ...errorResponses,
  },
});

export const readNotification = createRoute({
  method: 'post',
  path: '/api/notifications/{id}/read',
  tags: ['notifications'],
  summary: 'Marks one of the caller’s notifications read',
  security,
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: { description: 'The notification', ...json(NotificationSchema) },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const readAllNotifications = createRoute({
  method: 'post',
  path: '/api/notifications/read-all',
  tags: ['notifications'],
  summary: 'Marks every notification of the caller read',
  security,
  responses: {
    200: { description: 'How many were unread', ...json(z.object({ marked: z.number() })) },
    ...errorResponses,
  },
});

const EmailChannelView = EmailSettingsSchema.extend({
  password: z.string().openapi({ description: 'masked when set; sent back masked, it keeps the stored one' }),
}).openapi('EmailChannel');

const WebhookChannelView = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    url: z.string().openapi({ description: 'its origin only: the path may hold a token (Slack, Telegram)' }),
    secret: z.string().openapi({ description: 'masked when set' }),
    format: z.enum(WEBHOOK_FORMATS),
    chatId: z.string().nullable(),
    topics: z.array(z.enum(NOTIFICATION_TOPICS)),
  })
  .openapi('WebhookChannel');

export const ChannelsSchema = z
  .object({
    email: EmailChannelView.nullable(),
    emailSource: z.enum(['settings', 'environment', 'none']).openapi({
      description: '`environment`: no e-mail channel is stored, SMTP_URL is in force',
    }),
    webhooks: z.array(WebhookChannelView),
  })
  .openapi('NotificationChannels');

export const getChannels = createRoute({
  method: 'get',
  path: '/api/notification-channels',
  tags: ['notifications'],
  summary: 'The e-mail (SMTP) channel and the outbound webhooks, credentials masked',
  security,
  responses: { 200: { description: 'The channels', ...json(ChannelsSchema) }, ...errorResponses },
});

export const putChannels = createRoute({
  method: 'put',
  path: '/api/notification-channels',
  tags: ['notifications'],
  summary: 'Replaces the channels; a masked credential sent back keeps the stored one',
  security,
  request: {
    body: {
      required: true,
      ...json(
        z.object({
          email: EmailSettingsSchema.nullable().openapi({ description: 'null: none of its own (SMTP_URL applies)' }),
          webhooks: z.array(WebhookSettingsSchema).max(50).default([]),
        }),
      ),
    },
  },
  responses: { 200: { description: 'The channels now', ...json(ChannelsSchema) }, ...errorResponses },
});

export const testChannel = createRoute({
  method: 'post',
  path: '/api/notification-channels/test',
  tags: ['notifications'],
  summary: 'Sends a test message through a stored channel',
  security,
  request: {
    body: {
      required: true,
      ...json(
        z.discriminatedUnion('channel', [
          z.object({
            channel: z.literal('email'),
            to: z.string().email().optional().openapi({ description: 'default: the caller’s address' }),
          }),
          z.object({ channel: z.literal('webhook'), webhookId: z.string().min(1) }),
        ]),
      ),
    },
  },
  responses: {
    200: {
      description: 'Whether the receiver took it; a refusal says why and whether retrying could help',
      ...json(z.object({ ok: z.boolean(), error: z.string().nullable(), permanent: z.boolean() })),
    },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
  },
});
