// Telling people from inside a workflow: `notify(...requests)` plans the requests' rows (in-app notices are stored at
// once) and then sends every e-mail and webhook post in parallel, each one its own activity retried by Temporal with
// backoff. The same key twice (a retry, a replay, a second call) sends nothing new.
//
// Never twice, with one window: a worker that dies after the SMTP server accepted a message (or the webhook answered
// 2xx) and before the row was marked `sent` sends it again on the retry. That send carries the same `Message-ID` and
// `Idempotency-Key` (both the row id), so a receiver can drop it.
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from './activities/index.ts';
import type { NotificationRequest, NotifyResult } from './shared/index.ts';

type Activities = ReturnType<typeof createActivities>;

const { planNotifications, markNotificationFailed } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

// One send: SMTP and webhook timeouts (10–20 s of silence) normally end an attempt well inside the 60 s, so a retry
// rarely overlaps an attempt still talking to the receiver (and if it does, the same ids let the receiver dedupe). About 20 minutes of retries (5 s doubling up to 5 min, 10 attempts); then the row fails.
const { deliverNotification } = proxyActivities<Activities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

/** Plans the requests (one activity however many), then sends what is left to send. */
export async function notify(...requests: NotificationRequest[]): Promise<NotifyResult> {
  const { pending } = await planNotifications(requests);
  const outcomes = await Promise.all(
    pending.map(async (id) => {
      try {
        const { status } = await deliverNotification(id);
        return status === 'failed' ? 'failed' : 'sent';
      } catch (error) {
        // a permanent refusal was marked by the activity; retries that ran out are marked here
        const cause = error instanceof ActivityFailure ? error.cause : undefined;
        if (!(cause instanceof ApplicationFailure && cause.nonRetryable)) {
          await markNotificationFailed({ id, error: cause?.message ?? String(error) });
        }
        return 'failed';
      }
    }),
  );
  return {
    planned: pending.length,
    sent: outcomes.filter((o) => o === 'sent').length,
    failed: outcomes.filter((o) => o === 'failed').length,
  };
}
