// Who hears of a notification, and the rows a request becomes, on SQLite in memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NotificationWorld, seedNotificationWorld } from '../../../test/notification-fixtures.ts';
import { Notification } from '../../db/entities/notification.entity.ts';
import { NotificationChannel } from '../../db/entities/notification-channel.entity.ts';
import { initORM, migrate, type Orm } from '../../db/orm.ts';
import { seed } from '../../db/seed/seed.ts';
import { planNotifications, resolveRecipients, storedKeyOf } from './notification.service.ts';
import type { Channels } from './notification-channels.ts';

describe('notification recipients and planning', () => {
  let orm: Orm;
  let world: NotificationWorld;

  beforeAll(async () => {
    orm = await initORM('sqlite::memory:');
    await migrate(orm);
    await seed(orm.em.fork(), { demo: false, adminEmail: 'root@notify.test', adminPassword: 'root-password' });
    world = await seedNotificationWorld(orm);
  });
  afterAll(async () => {
    await orm?.close();
  });

  const recipients = async (employeeId: string, audience: ('employee' | 'managers' | 'hr' | 'admins')[]) =>
    (await resolveRecipients(orm.em.fork(), { employeeId, audience })).map((r) => r.userId).sort();
  const sorted = (...ids: string[]) => [...ids].sort();

  it('the employee hears through the user linked to them; an employee without a user has no one', async () => {
    expect(await recipients(world.employee.anna, ['employee'])).toEqual([world.user.anna]);
    expect(await recipients(world.employee.dora, ['employee'])).toEqual([]);
  });

  it('managers are those whose access scope holds the employee, never the employee themself', async () => {
    // Boris heads `sales`, whose sub-department `sales-msk` holds Anna; Carl manages `support`
    expect(await recipients(world.employee.anna, ['managers'])).toEqual([world.user.boris]);
    expect(await recipients(world.employee.carl, ['managers'])).toEqual([]);
    expect(await recipients(world.employee.boris, ['managers'])).toEqual([]);
    expect(await recipients(world.employee.anna, ['employee', 'managers'])).toEqual(
      sorted(world.user.anna, world.user.boris),
    );
  });

  it('HR and admins are the active users of those roles; a deactivated user hears nothing', async () => {
    const hr = await recipients(world.employee.anna, ['hr']);
    expect(hr).toEqual([world.user.hr]);
    expect(hr).not.toContain(world.user.formerHr);
    const admins = await resolveRecipients(orm.em.fork(), { employeeId: world.employee.anna, audience: ['admins'] });
    expect(admins.map((a) => a.email).sort()).toEqual(['admin@notify.test', 'root@notify.test']);
  });

  const channels = (email: boolean, webhooks: Channels['webhooks'] = []): Channels => ({
    email: email
      ? { enabled: true, host: '127.0.0.1', port: 25, secure: false, user: '', password: '', from: 'kpi@notify.test' }
      : null,
    emailSource: email ? 'settings' : 'none',
    webhooks,
  });
  const request = (key: string) => ({
    key,
    topic: 'alert' as const,
    employeeId: world.employee.anna,
    audience: ['employee' as const, 'managers' as const],
    subject: { en: 'Big deal lost', ru: 'Потеряна крупная сделка' },
    body: { en: 'Deal 42 lost', ru: 'Сделка 42 потеряна' },
    link: '/alerts',
  });

  it('plans an in-app notice (stored = delivered) and an e-mail per recipient; again, it adds nothing', async () => {
    const first = await planNotifications(orm.em.fork(), request('plan-1'), channels(true));
    expect(first.recipients).toBe(2);
    expect(first.pending).toHaveLength(2);
    const again = await planNotifications(orm.em.fork(), request('plan-1'), channels(true));
    // the e-mails are still unsent, so a repeat answers the same rows, and inserts none
    expect(again.pending).toEqual(first.pending);
    const rows = await orm.em.fork().find(Notification, { key: 'plan-1' }, { orderBy: { dedupeKey: 'asc' } });
    expect(rows.map((r) => [r.channel, r.status])).toEqual(
      expect.arrayContaining([
        ['in_app', 'sent'],
        ['in_app', 'sent'],
        ['email', 'pending'],
        ['email', 'pending'],
      ]),
    );
    expect(rows).toHaveLength(4);
  });

  it('takes a key of any length: a long one is stored shortened with its digest, still once', async () => {
    const long = `alert/${'x'.repeat(1000)}`;
    const first = await planNotifications(orm.em.fork(), request(long), channels(false));
    const again = await planNotifications(orm.em.fork(), request(long), channels(false));
    expect([first.pending, again.pending]).toEqual([[], []]);
    const rows = await orm.em.fork().find(Notification, { key: storedKeyOf(long) });
    expect(rows).toHaveLength(2);
    expect(rows[0]?.key).toHaveLength(395);
    expect(storedKeyOf(`${long}y`)).not.toBe(storedKeyOf(long));
  });

  it('a webhook gets one post per notification, whatever the recipients, if its topics match', async () => {
    const hook = (id: string, topics: Channels['webhooks'][number]['topics']) => ({
      id,
      name: id,
      enabled: true,
      url: 'http://127.0.0.1:1/hook',
      secret: '',
      format: 'json' as const,
      topics,
    });
    const em = orm.em.fork();
    for (const id of ['hook-all', 'hook-reviews']) {
      em.create(NotificationChannel, { id, kind: 'webhook', name: id, enabled: true, settings: {} });
    }
    await em.flush();
    const planned = await planNotifications(
      orm.em.fork(),
      request('plan-2'),
      channels(false, [hook('hook-all', []), hook('hook-reviews', ['review.requested'])]),
    );
    expect(planned.pending).toHaveLength(1);
    const rows = await orm.em.fork().find(Notification, { key: 'plan-2', channel: 'webhook' });
    expect(rows.map((r) => [r.webhook, r.recipient])).toEqual([['hook-all', null]]);
  });
});
