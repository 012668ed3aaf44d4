// notify() inside a real workflow on the time-skipping test server, with the real activities on SQLite, a local
// SMTP server and a local webhook receiver: the same notification asked for twice arrives once per channel, a
// transient refusal is retried by Temporal until it goes through, and a permanent one fails the row, not the
// workflow.
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { initORM, migrate, Notification, NotificationChannel, type Orm } from '@yardstick/engine/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../engine/src/db/seed/seed.ts';
import {
  type NotificationWorld,
  type SmtpSink,
  seedNotificationWorld,
  startSmtpSink,
  startWebhookSink,
  type WebhookSink,
} from '../../engine/test/notification-fixtures.ts';
import { createActivities } from '../src/activities/index.ts';
import { testServerExecutable } from '../src/dev-server/index.ts';
import { alertNotification } from '../src/shared/index.ts';
import type { notifyTwiceWorkflow } from './notify.workflow.ts';

const workflowsPath = fileURLToPath(new URL('./notify.workflow.ts', import.meta.url));
const taskQueue = 'notify-test';

describe('notify() in a workflow', () => {
  let env: TestWorkflowEnvironment;
  let orm: Orm;
  let world: NotificationWorld;
  let smtp: SmtpSink;
  let hooks: WebhookSink;

  beforeAll(async () => {
    try {
      // the activities' expected failures would each log a warning
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // already installed in this process
    }
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: await testServerExecutable() } });
    orm = await initORM('sqlite::memory:');
    await migrate(orm);
    await seed(orm.em.fork(), { demo: false, adminEmail: 'root@notify.test', adminPassword: 'root-password' });
    world = await seedNotificationWorld(orm);
    smtp = await startSmtpSink();
    hooks = await startWebhookSink();
    const em = orm.em.fork();
    em.create(NotificationChannel, {
      id: 'team-chat',
      kind: 'webhook',
      name: 'Team chat',
      enabled: true,
      settings: { url: `${hooks.url}/chat`, secret: 'chat-secret', format: 'slack', topics: ['alert'] },
    });
    await em.flush();
  });
  afterAll(async () => {
    await env?.teardown();
    await smtp?.stop();
    await hooks?.stop();
    await orm?.close();
  });

  const alert = (id: string) =>
    alertNotification(
      {
        dedupeKey: `v1/big-loss/${world.employee.anna}/2026-12/event:${id}`,
        schemeVersionId: 'v1',
        ruleId: 'big-loss',
        ruleName: { en: 'Big deal lost', ru: 'Потеряна крупная сделка' },
        employeeId: world.employee.anna,
        period: '2026-12',
        severity: 'warning',
        message: { en: 'Deal 42 lost', ru: 'Сделка 42 потеряна' },
        causeEventId: id,
      },
      { employeeName: 'Anna', audience: ['employee'] },
    );
  // a worker runs once: each test starts its own
  const run = async (workflowId: string, request: ReturnType<typeof alert>) =>
    (
      await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowsPath,
        activities: createActivities({ orm, notifications: { smtpUrl: smtp.url, smtpFrom: 'kpi@notify.test' } }),
      })
    ).runUntil(
      env.client.workflow.execute<typeof notifyTwiceWorkflow>('notifyTwiceWorkflow', {
        taskQueue,
        workflowId,
        args: [request],
      }),
    );

  it('asked twice, sends one mail and one webhook post; refusals on the way are retried by Temporal', async () => {
    // the SMTP server and the chat each turn the first attempt away
    smtp.refuseNext(451);
    hooks.answerNext(503);
    const request = alert('e1');
    const [first, second] = await run('notify-twice-1', request);

    expect(first).toEqual({ planned: 2, sent: 2, failed: 0 });
    expect(second).toEqual({ planned: 0, sent: 0, failed: 0 });
    expect(smtp.mails.map((m) => [m.to, m.subject])).toEqual([
      [['anna@notify.test'], 'Предупреждение: Потеряна крупная сделка'],
    ]);
    expect(hooks.posts.map((p) => p.status)).toEqual([503, 200]);
    expect(new Set(hooks.posts.map((p) => p.headers['idempotency-key'])).size).toBe(1);
    expect(hooks.posts[1]?.json).toEqual({
      text: `Предупреждение: Потеряна крупная сделка\nСделка 42 потеряна\nAnna · период 2026-12\n${request.link}`,
    });

    const rows = await orm.em.fork().find(Notification, { key: request.key }, { orderBy: { channel: 'asc' } });
    expect(rows.map((r) => [r.channel, r.status, r.attempts])).toEqual([
      ['email', 'sent', 2],
      ['in_app', 'sent', 0],
      ['webhook', 'sent', 2],
    ]);
  });

  it('a permanent refusal fails that row and lets the workflow go on', async () => {
    hooks.answerNext(400);
    const request = alert('e2');
    const [first, second] = await run('notify-twice-2', request);
    expect(first).toEqual({ planned: 2, sent: 1, failed: 1 });
    // the failed post is not tried again by the second call
    expect(second).toEqual({ planned: 0, sent: 0, failed: 0 });
    const hook = await orm.em.fork().findOneOrFail(Notification, { key: request.key, channel: 'webhook' });
    expect(hook).toMatchObject({ status: 'failed', attempts: 1 });
    expect(hook.lastError).toMatch(/400/);
  });
});
