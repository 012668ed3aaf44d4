// Notification handlers: each user's in-app notices, and the admin's channel settings with a test send.
import type { FilterQuery } from '@mikro-orm/core';
import { Notification } from '../../db/entities/notification.entity.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  channelsView,
  loadChannels,
  type NotificationDefaults,
  parseChannelSettings,
  saveChannels,
} from './notification-channels.ts';
import { DeliveryError, type OutgoingMessage, postWebhook, sendEmail } from './notification-senders.ts';
import * as routes from './notifications.routes.ts';

const view = (n: Notification) => ({
  id: n.id,
  topic: n.topic,
  channel: n.channel,
  status: n.status,
  subject: n.subject,
  body: n.body,
  link: n.link ?? null,
  employeeId: n.employee ?? null,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

export function notificationsRouter(): AppRouter {
  const router = createRouter();
  router.use('/api/notifications', requirePermission('notifications.read'));
  router.use('/api/notifications/*', requirePermission('notifications.read'));
  router.use('/api/notification-channels', requirePermission('notifications.configure'));
  router.use('/api/notification-channels/*', requirePermission('notifications.configure'));

  const defaultsOf = (env: {
    SMTP_URL?: string | undefined;
    SMTP_FROM?: string | undefined;
    PUBLIC_URL?: string | undefined;
  }): NotificationDefaults => ({
    smtpUrl: env.SMTP_URL,
    smtpFrom: env.SMTP_FROM,
    publicUrl: env.PUBLIC_URL,
  });

  router.openapi(routes.listNotifications, async (c) => {
    const query = c.req.valid('query');
    const em = c.get('em');
    const mine: FilterQuery<Notification> = { recipient: principalOf(c).userId, channel: 'in_app' };
    const where: FilterQuery<Notification> = query.unread === 'true' ? { ...mine, readAt: null } : mine;
    // unread first: a null read time sorts first in both databases when asked explicitly
    const [items, total] = await em.findAndCount(Notification, where, {
      orderBy: { readAt: 'asc nulls first', createdAt: 'desc', id: 'desc' },
      limit: query.limit,
      offset: query.offset,
    });
    const unread = await em.count(Notification, { ...mine, readAt: null });
    return c.json({ items: items.map(view), total, unread }, 200);
  });

  router.openapi(routes.readAllNotifications, async (c) => {
    const marked = await c
      .get('em')
      .nativeUpdate(
        Notification,
        { recipient: principalOf(c).userId, channel: 'in_app', readAt: null },
        { readAt: new Date(), updatedAt: new Date() },
      );
    return c.json({ marked }, 200);
  });

  router.openapi(routes.readNotification, async (c) => {
    const em = c.get('em');
    // another user's notification does not exist for the caller
    const row = await em.findOne(Notification, {
      id: c.req.valid('param').id,
      recipient: principalOf(c).userId,
      channel: 'in_app',
    });
    if (!row) throw notFound('Notification');
    row.readAt ??= new Date();
    await em.flush();
    return c.json(view(row), 200);
  });

  router.openapi(routes.getChannels, async (c) => {
    const channels = await loadChannels(c.get('em'), defaultsOf(c.get('deps').env));
    return c.json(channelsView(channels), 200);
  });

  router.openapi(routes.putChannels, async (c) => {
    const em = c.get('em');
    const defaults = defaultsOf(c.get('deps').env);
    const before = await loadChannels(em, defaults);
    const settings = parseChannelSettings(c.req.valid('json'), before);
    await saveChannels(em, settings);
    const after = await loadChannels(em, defaults);
    recordAudit(
      em,
      principalOf(c),
      'notification_channels.update',
      'notification_channel',
      '*',
      channelsView(before),
      channelsView(after),
    );
    await em.flush();
    return c.json(channelsView(after), 200);
  });

  router.openapi(routes.testChannel, async (c) => {
    const body = c.req.valid('json');
    const env = c.get('deps').env;
    const channels = await loadChannels(c.get('em'), defaultsOf(env));
    const message: OutgoingMessage = {
      id: `test-${crypto.randomUUID()}`,
      topic: 'test',
      subject: 'Yardstick: test notification / тестовое уведомление',
      body: 'This channel works. / Канал работает.',
      link: env.PUBLIC_URL ?? null,
    };
    try {
      if (body.channel === 'email') {
        if (!channels.email) throw new AppError(409, 'notification.no_email_channel', 'No e-mail channel is set up');
        await sendEmail(channels.email, body.to ?? principalOf(c).email, message);
      } else {
        const hook = channels.webhooks.find((w) => w.id === body.webhookId);
        if (!hook) throw notFound('Webhook');
        await postWebhook(hook, message);
      }
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      return c.json({ ok: false, error: error.message, permanent: error.permanent }, 200);
    }
    return c.json({ ok: true, error: null, permanent: false }, 200);
  });

  return router;
}
