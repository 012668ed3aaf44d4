// Announcing from an activity: the alerts a step raised are handed to `notifyWorkflow` runs of their own (at most
// REQUESTS_PER_NOTIFY requests each), started on the activity's task queue under ids derived from the alerts, so
// that a retried step starts nothing twice and never waits for a mail server.
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { type Orm, SchemeVersion } from '@yardstick/engine/db';
import type { NotifyInput } from '../notify.workflow.ts';
import { type AlertToRaise, alertNotification } from '../shared/index.ts';

/** Requests per notify workflow: what one planning activity takes, and a small workflow input. */
export const REQUESTS_PER_NOTIFY = 100;

/**
 * Announces the alerts to the employee and their managers. A pilot version's alerts are stored (the studio shows
 * them beside the pilot) but told to nobody: a pilot runs in the shadow.
 */
export async function announceAlerts(em: ReturnType<Orm['em']['fork']>, given: readonly AlertToRaise[]): Promise<void> {
  if (given.length === 0) return;
  const versionIds = [...new Set(given.map((a) => a.schemeVersionId))];
  const pilots = new Set(
    (await em.find(SchemeVersion, { id: { $in: versionIds }, status: 'pilot' }, { fields: ['id'] })).map((v) => v.id),
  );
  const alerts = given.filter((a) => !pilots.has(a.schemeVersionId));
  const context = Context.current();
  for (let at = 0; at < alerts.length; at += REQUESTS_PER_NOTIFY) {
    const chunk = alerts.slice(at, at + REQUESTS_PER_NOTIFY);
    try {
      await context.client.workflow.start('notifyWorkflow', {
        // the first alert's key names the chunk: alerts are raised once, so is the chunk they open
        workflowId: `notify/alert/${chunk[0]?.dedupeKey}`,
        taskQueue: context.info.taskQueue,
        args: [{ requests: chunk.map((alert) => alertNotification(alert)) } satisfies NotifyInput],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}
