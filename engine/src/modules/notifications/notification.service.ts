// Notifications, used by the worker's activities and the API: who hears of a request (recipients), the rows it
// becomes (planned insert-if-absent, one per recipient and channel, one per webhook), and the delivery of one row
// (sent once: a row already `sent` is never sent again).
//
// The one window left: a crash (or a lost answer) after the SMTP server accepted a message, or a webhook answered
// 2xx, and before the row is marked `sent`. The activity is retried and sends again. Both sends carry the same
// identity, derived from the row id: the e-mail's `Message-ID` and the webhook's `Idempotency-Key`, so a receiver
// that keeps them (most mail stores thread or drop a repeated Message-ID; an idempotent webhook receiver keeps keys)
// drops the repeat. Nothing on our side can close that window: the send and the mark are in two systems.
import type { RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { NotificationAudience, NotificationRequest } from '@yardstick/workflows/shared';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Notification, type NotificationChannelKind } from '../../db/entities/notification.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import { User } from '../../db/entities/user.entity.ts';
import { accessScopeOf, scopeAllows } from '../../http/access-scope.ts';
import { sha256Hex } from '../../lib/secrets.ts';
import { type Channels, loadChannels, type NotificationDefaults } from './notification-channels.ts';
import { DeliveryError, type OutgoingMessage, postWebhook, sendEmail } from './notification-senders.ts';

export {
  type Channels,
  emailChannelFromUrl,
  loadChannels,
  type NotificationDefaults,
} from './notification-channels.ts';
export { DeliveryError, messageIdOf } from './notification-senders.ts';

export interface Recipient {
  userId: string;
  email: string;
  role: string;
}

/**
 * The active users who hear of a request: the employee's own user, the managers whose access scope holds the
 * employee (never the employee themself), HR, admins. Deactivated users hear nothing.
 */
export async function resolveRecipients(
  em: EntityManager,
  request: { employeeId: string; audience: readonly NotificationAudience[] },
): Promise<Recipient[]> {
  return createRecipientResolver(em)(request);
}

/**
 * `resolveRecipients` for many requests in one unit of work (a notify workflow plans up to a hundred): the users
 * are read once and each manager's access scope is worked out once.
 */
export function createRecipientResolver(em: EntityManager) {
  let users: Promise<User[]> | undefined;
  const scopes = new Map<string, ReturnType<typeof accessScopeOf>>();
  return async (request: { employeeId: string; audience: readonly NotificationAudience[] }): Promise<Recipient[]> => {
    users ??= em.find(User, { deactivatedAt: null }, { orderBy: { email: 'asc' } });
    const candidates = await users;
    if (candidates.length === 0) return [];
    const audience = new Set(request.audience);
    const employee = await em.findOne(Employee, { id: request.employeeId });
    const chosen: Recipient[] = [];
    for (const user of candidates) {
      const own = employee != null && user.employee === employee.id;
      let hears =
        (audience.has('employee') && own) ||
        (audience.has('hr') && user.role === 'hr') ||
        (audience.has('admins') && user.role === 'admin');
      if (!hears && audience.has('managers') && user.role === 'manager' && employee && !own) {
        let scope = scopes.get(user.id);
        if (!scope) {
          scope = accessScopeOf(em, { role: user.role, employeeId: user.employee ?? null });
          scopes.set(user.id, scope);
        }
        hears = scopeAllows(await scope, employee);
      }
      if (hears) chosen.push({ userId: user.id, email: user.email, role: user.role });
    }
    return chosen;
  };
}

const dedupeKeyOf = (key: string, channel: NotificationChannelKind, to: string) => `${key}|${channel}|${to}`;

/** The key as stored (400 characters at most): a longer one keeps its start and a digest of the whole. */
export function storedKeyOf(key: string): string {
  return key.length <= 400 ? key : `${key.slice(0, 330)}#${sha256Hex(key)}`;
}

/**
 * Inserts the rows of a request, each only if its dedupe key is new: an in-app notice per recipient (delivered by
 * being stored), an e-mail per recipient while the e-mail channel is on, a post per enabled webhook whose topics
 * match. Retries and repeats add nothing. Returns the ids of the rows that still need an external send.
 */
export async function planNotifications(
  em: EntityManager,
  request: NotificationRequest,
  channels: Channels,
  recipientsOf: ReturnType<typeof createRecipientResolver> = createRecipientResolver(em),
): Promise<{ recipients: number; pending: string[] }> {
  const recipients = await recipientsOf(request);
  const webhooks = channels.webhooks.filter((h) => h.enabled);
  // nobody to tell and no chat to post to: nothing to store
  if (recipients.length === 0 && webhooks.length === 0) return { recipients: 0, pending: [] };
  const key = storedKeyOf(request.key);
  // an employee deleted meanwhile leaves the notice about nobody rather than failing it
  const employee = (await em.count(Employee, { id: request.employeeId })) > 0 ? request.employeeId : null;
  const now = new Date();
  const common = {
    key,
    topic: request.topic,
    employee,
    subject: request.subject,
    body: request.body,
    link: request.link,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  };
  const rows: RequiredEntityData<Notification>[] = [];
  for (const r of recipients) {
    rows.push({
      ...common,
      dedupeKey: dedupeKeyOf(key, 'in_app', r.userId),
      channel: 'in_app',
      recipient: r.userId,
      status: 'sent' as const,
      sentAt: now,
    });
    if (channels.email?.enabled && r.email) {
      rows.push({
        ...common,
        dedupeKey: dedupeKeyOf(key, 'email', r.userId),
        channel: 'email',
        recipient: r.userId,
        status: 'pending',
      });
    }
  }
  for (const hook of channels.webhooks) {
    if (!hook.enabled || (hook.topics.length > 0 && !hook.topics.includes(request.topic))) continue;
    rows.push({
      ...common,
      dedupeKey: dedupeKeyOf(key, 'webhook', hook.id),
      channel: 'webhook',
      webhook: hook.id,
      status: 'pending',
    });
  }
  for (const row of rows) {
    await em
      .createQueryBuilder(Notification)
      .insert({ id: crypto.randomUUID(), ...row })
      .onConflict('dedupeKey')
      .ignore()
      .execute('run');
  }
  // the rows of this plan still pending: new ones, and ones an earlier attempt planned but did not get out
  const pending = await em.find(
    Notification,
    { dedupeKey: { $in: rows.map((r) => r.dedupeKey as string) }, status: 'pending' },
    { fields: ['id'], orderBy: { id: 'asc' } },
  );
  return { recipients: recipients.length, pending: pending.map((n) => n.id) };
}

export interface DeliverOptions {
  defaults?: NotificationDefaults;
}

/**
 * Sends one row and marks it `sent`; a row already sent (or failed) is left alone. Throws a DeliveryError when the
 * send fails: permanent ones (the receiver refused the message for good) mark the row `failed` first.
 */
export async function deliverNotification(
  em: EntityManager,
  id: string,
  options: DeliverOptions = {},
): Promise<{ status: 'sent' | 'already_sent' | 'failed' }> {
  const row = await em.findOne(Notification, { id });
  if (!row) throw new DeliveryError(`notification ${id} does not exist`, true);
  if (row.status === 'sent') return { status: 'already_sent' };
  if (row.status === 'failed') return { status: 'failed' };
  await em.nativeUpdate(Notification, { id }, { attempts: row.attempts + 1, updatedAt: new Date() });

  try {
    const channels = await loadChannels(em, options.defaults);
    const organization = await em.findOne(Organization, { id: 1 });
    const locale = organization?.locale?.startsWith('en') ? 'en' : 'ru';
    const base = options.defaults?.publicUrl?.replace(/\/$/, '');
    const message: OutgoingMessage = {
      id: row.id,
      topic: row.topic,
      subject: row.subject[locale],
      body: row.body[locale],
      link: row.link ? (base ? `${base}${row.link}` : row.link) : null,
    };
    if (row.channel === 'email') {
      const user = row.recipient ? await em.findOne(User, { id: row.recipient }) : null;
      if (!user || user.deactivatedAt) throw new DeliveryError('the recipient is gone or deactivated', true);
      if (!channels.email?.enabled) throw new DeliveryError('the e-mail channel is off', true);
      await sendEmail(channels.email, user.email, message);
    } else if (row.channel === 'webhook') {
      const hook = channels.webhooks.find((w) => w.id === row.webhook);
      if (!hook?.enabled) throw new DeliveryError('the webhook is gone or off', true);
      await postWebhook(hook, message, {
        key: row.key,
        employeeId: row.employee ?? null,
        locale,
        subjects: row.subject,
        bodies: row.body,
        path: row.link ?? null,
      });
    }
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, false);
    await em.nativeUpdate(
      Notification,
      { id, status: 'pending' },
      {
        lastError: failure.message.slice(0, 2000),
        updatedAt: new Date(),
        ...(failure.permanent ? { status: 'failed' as const } : {}),
      },
    );
    throw failure;
  }
  await em.nativeUpdate(
    Notification,
    { id, status: 'pending' },
    {
      status: 'sent',
      sentAt: new Date(),
      lastError: null,
      updatedAt: new Date(),
    },
  );
  return { status: 'sent' };
}

/** Gives up on a row whose retries ran out. */
export async function markNotificationFailed(em: EntityManager, id: string, error: string): Promise<void> {
  await em.nativeUpdate(
    Notification,
    { id, status: 'pending' },
    { status: 'failed', lastError: error.slice(0, 2000), updatedAt: new Date() },
  );
}
