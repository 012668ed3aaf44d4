// The notification activities against a local SMTP server and a local webhook receiver (both started here), on
// SQLite in memory: each message arrives once however often delivery runs, and failures are retryable or not as
// the receiver's answer says.
import { createHmac } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { initORM, migrate, Notification, NotificationChannel, type Orm } from '@yardstick/engine/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seed } from '../../../engine/src/db/seed/seed.ts';
import {
  type NotificationWorld,
  type SmtpSink,
  seedNotificationWorld,
  startSmtpSink,
  startWebhookSink,
  type WebhookSink,
} from '../../../engine/test/notification-fixtures.ts';
import type { NotificationRequest } from '../shared/index.ts';
import { createNotificationsActivities } from './notifications.activities.ts';

describe('notification activities', () => {
  let orm: Orm;
  let world: NotificationWorld;
  let smtp: SmtpSink;
  let hooks: WebhookSink;
  let activities: ReturnType<typeof createNotificationsActivities>;
  // failures are what some tests expect: the SDK's warning for each would only drown the output
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  let sequence = 0;

  beforeAll(async () => {
    orm = await initORM('sqlite::memory:');
    await migrate(orm);
    await seed(orm.em.fork(), { demo: false, adminEmail: 'root@notify.test', adminPassword: 'root-password' });
    world = await seedNotificationWorld(orm);
    smtp = await startSmtpSink();
    hooks = await startWebhookSink();
    activities = createNotificationsActivities({
      orm,
      notifications: {
        smtpUrl: smtp.url,
        smtpFrom: 'Yardstick <kpi@notify.test>',
        publicUrl: 'https://kpi.example.com',
      },
    });
  });
  afterAll(async () => {
    await smtp?.stop();
    await hooks?.stop();
    await orm?.close();
  });

  /** the webhooks in force for a test: only these */
  const useWebhooks = async (
    ...webhooks: { format: 'json' | 'slack' | 'telegram'; secret?: string; chatId?: string }[]
  ) => {
    const em = orm.em.fork();
    await em.nativeDelete(NotificationChannel, { kind: 'webhook' });
    const ids: string[] = [];
    for (const [i, w] of webhooks.entries()) {
      const id = `hook-${++sequence}`;
      ids.push(id);
      em.create(NotificationChannel, {
        id,
        kind: 'webhook',
        name: `hook ${i}`,
        enabled: true,
        settings: {
          url: `${hooks.url}/${w.format}`,
          secret: w.secret ?? '',
          format: w.format,
          chatId: w.chatId,
          topics: [],
        },
      });
    }
    await em.flush();
    return ids;
  };
  beforeEach(async () => {
    await useWebhooks();
    smtp.mails.length = 0;
    hooks.posts.length = 0;
  });

  const request = (key: string, overrides: Partial<NotificationRequest> = {}): NotificationRequest => ({
    key,
    topic: 'alert',
    employeeId: world.employee.anna,
    audience: ['employee', 'managers'],
    subject: { en: 'Big deal lost', ru: 'Потеряна крупная сделка' },
    body: { en: 'Deal 42 was lost', ru: 'Сделка 42 потеряна' },
    link: '/alerts?employee=anna',
    ...overrides,
  });
  const plan = (r: NotificationRequest) =>
    env.run(activities.planNotifications, [r]) as ReturnType<typeof activities.planNotifications>;
  const deliver = (id: string) =>
    env.run(activities.deliverNotification, id) as ReturnType<typeof activities.deliverNotification>;
  const rowOf = (id: string) => orm.em.fork().findOneOrFail(Notification, { id });
  const failureOf = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  };

  it('sends one e-mail per recipient, in the organization’s language, however often delivery runs', async () => {
    const { pending } = await plan(request(`mail-${++sequence}`));
    expect(pending).toHaveLength(2);
    for (const id of pending) expect(await deliver(id)).toEqual({ status: 'sent' });
    // a retried activity, a replayed workflow, a second notify(): the rows are sent, nothing goes out
    for (const id of pending) expect(await deliver(id)).toEqual({ status: 'already_sent' });
    expect((await plan(request(`mail-${sequence}`))).pending).toEqual([]);

    expect(smtp.mails.flatMap((m) => m.to).sort()).toEqual(['anna@notify.test', 'boris@notify.test']);
    const mail = smtp.mails[0];
    // the demo organization speaks Russian; the link is absolute
    expect(mail?.subject).toBe('Потеряна крупная сделка');
    expect(mail?.text).toBe('Сделка 42 потеряна\r\n\r\nhttps://kpi.example.com/alerts?employee=anna\r\n');
    expect(mail?.from).toBe('kpi@notify.test');
    for (const id of pending) {
      const row = await rowOf(id);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
      expect(smtp.mails.map((m) => m.messageId)).toContain(`<notification.${id}@notify.test>`);
    }
  });

  it('a transient SMTP refusal (4xx) is retried; the retry sends the one mail with the same Message-ID', async () => {
    const { pending } = await plan(request(`mail-${++sequence}`, { audience: ['employee'] }));
    const id = pending[0] as string;
    smtp.refuseNext(451);
    const failure = await failureOf(deliver(id));
    expect(failure.nonRetryable).toBe(false);
    expect(await rowOf(id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await deliver(id)).toEqual({ status: 'sent' });
    expect(smtp.mails.map((m) => m.messageId)).toEqual([`<notification.${id}@notify.test>`]);
    expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('the one window: a crash between the accept and the mark resends with the same Message-ID and key', async () => {
    await useWebhooks({ format: 'json' });
    const { pending } = await plan(request(`crash-${++sequence}`, { audience: ['employee'] }));
    for (const id of pending) await deliver(id);
    // as if the worker died after the SMTP server and the webhook took the message, before the rows were marked
    await orm.em.fork().nativeUpdate(Notification, { id: { $in: pending } }, { status: 'pending', sentAt: null });
    for (const id of pending) await deliver(id);
    expect(smtp.mails).toHaveLength(2);
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(1);
    expect(hooks.posts).toHaveLength(2);
    expect(new Set(hooks.posts.map((p) => p.headers['idempotency-key'])).size).toBe(1);
  });

  it('an SMTP 5xx is permanent: the row fails and is never tried again', async () => {
    const { pending } = await plan(request(`mail-${++sequence}`, { audience: ['employee'] }));
    const id = pending[0] as string;
    smtp.refuseNext(550);
    const failure = await failureOf(deliver(id));
    expect(failure.nonRetryable).toBe(true);
    expect(await rowOf(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await rowOf(id)).lastError).toMatch(/550/);
    expect(await deliver(id)).toEqual({ status: 'failed' });
    expect(smtp.mails).toEqual([]);
  });

  it('posts a signed JSON webhook once, with the row id as Idempotency-Key', async () => {
    await useWebhooks({ format: 'json', secret: 'hook-secret' });
    const { pending } = await plan(request(`hook-${++sequence}`, { audience: [] }));
    expect(pending).toHaveLength(1);
    const id = pending[0] as string;
    await deliver(id);
    await deliver(id);
    expect(hooks.posts).toHaveLength(1);
    const post = hooks.posts[0] as (typeof hooks.posts)[number];
    expect(post.headers['idempotency-key']).toBe(id);
    const expected = createHmac('sha256', 'hook-secret').update(post.body).digest('hex');
    expect(post.headers['x-yardstick-signature']).toBe(`sha256=${expected}`);
    expect(post.json).toMatchObject({
      id,
      topic: 'alert',
      subject: 'Потеряна крупная сделка',
      body: 'Сделка 42 потеряна',
      link: 'https://kpi.example.com/alerts?employee=anna',
      employeeId: world.employee.anna,
      subjects: { en: 'Big deal lost', ru: 'Потеряна крупная сделка' },
    });
  });

  it('speaks Slack’s {text} and Telegram’s sendMessage, unsigned when no secret is set', async () => {
    await useWebhooks({ format: 'slack' }, { format: 'telegram', chatId: '-100123' });
    const { pending } = await plan(request(`hook-${++sequence}`, { audience: [] }));
    for (const id of pending) await deliver(id);
    const byPath = Object.fromEntries(hooks.posts.map((p) => [p.path, p]));
    const text = 'Потеряна крупная сделка\nСделка 42 потеряна\nhttps://kpi.example.com/alerts?employee=anna';
    expect(byPath['/slack']?.json).toEqual({ text });
    expect(byPath['/telegram']?.json).toEqual({
      chat_id: '-100123',
      text,
      link_preview_options: { is_disabled: true },
    });
    expect(byPath['/slack']?.headers['x-yardstick-signature']).toBeUndefined();
  });

  it('a 500 (or 429) from the webhook is retried and then succeeds; a 400 fails for good', async () => {
    await useWebhooks({ format: 'json' });
    const retried = (await plan(request(`hook-${++sequence}`, { audience: [] }))).pending[0] as string;
    hooks.answerNext(500, 429);
    expect((await failureOf(deliver(retried))).nonRetryable).toBe(false);
    expect((await failureOf(deliver(retried))).nonRetryable).toBe(false);
    expect(await deliver(retried)).toEqual({ status: 'sent' });
    expect(hooks.posts.map((p) => [p.status, p.headers['idempotency-key']])).toEqual([
      [500, retried],
      [429, retried],
      [200, retried],
    ]);
    expect(await rowOf(retried)).toMatchObject({ status: 'sent', attempts: 3 });

    const refused = (await plan(request(`hook-${++sequence}`, { audience: [] }))).pending[0] as string;
    hooks.answerNext(400);
    const failure = await failureOf(deliver(refused));
    expect(failure.nonRetryable).toBe(true);
    expect(await rowOf(refused)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await deliver(refused)).toEqual({ status: 'failed' });
    expect(hooks.posts).toHaveLength(4);
  });
});
