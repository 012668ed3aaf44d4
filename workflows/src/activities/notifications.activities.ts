// The notification activities: plan requests' rows (insert-if-absent), deliver one row (an e-mail or a webhook
// post, marked `sent` once), give up on one. A permanent refusal (SMTP 5xx, a 4xx webhook answer but 408/429) is a
// non-retryable failure; anything else is retried by Temporal with backoff.
//
// Retries never send twice, with one window: a crash after the SMTP server accepted the message (or the webhook
// answered 2xx) and before the row is marked. The retry sends again with the same `Message-ID` / `Idempotency-Key`
// (both the row id), so the receiver can drop it (see notification.service.ts).
import { ApplicationFailure } from '@temporalio/common';
import {
  createRecipientResolver,
  DeliveryError,
  deliverNotification,
  loadChannels,
  markNotificationFailed,
  planNotifications,
} from '@yardstick/engine/notifications';
import type { NotificationRequest } from '../shared/index.ts';
import type { ActivityDeps } from './deps.ts';

export function createNotificationsActivities({ orm, notifications: defaults = {} }: ActivityDeps) {
  return {
    /** Inserts the requests' rows if absent (in-app ones are delivered by that); answers the ids still to send. */
    async planNotifications(requests: NotificationRequest[]): Promise<{ recipients: number; pending: string[] }> {
      const em = orm.em.fork();
      const channels = await loadChannels(em, defaults);
      const recipientsOf = createRecipientResolver(em);
      const plan = { recipients: 0, pending: [] as string[] };
      for (const request of requests) {
        const planned = await planNotifications(em, request, channels, recipientsOf);
        plan.recipients += planned.recipients;
        plan.pending.push(...planned.pending);
      }
      return plan;
    },

    /** Sends one row unless it was sent already. */
    async deliverNotification(id: string): Promise<{ status: 'sent' | 'already_sent' | 'failed' }> {
      try {
        return await deliverNotification(orm.em.fork(), id, { defaults });
      } catch (error) {
        if (error instanceof DeliveryError) {
          throw ApplicationFailure.create({
            type: 'notification.delivery',
            message: error.message,
            nonRetryable: error.permanent,
          });
        }
        throw error;
      }
    },

    /** Marks a row failed once Temporal stopped retrying it. */
    async markNotificationFailed(input: { id: string; error: string }): Promise<void> {
      await markNotificationFailed(orm.em.fork(), input.id, input.error);
    },
  };
}
