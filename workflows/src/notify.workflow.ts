// Notifications as a workflow of their own: a workflow (a review) hands its requests to `announce()`, which starts `notifyWorkflow` as an abandoned child and returns at once. Slow or
// failing channels (SMTP down, a webhook retried for minutes) never hold up alerts, evaluations or reviews, and
// the notifications outlive the caller's continue-as-new.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { notify } from './notify.ts';
import type { NotificationRequest, NotifyResult } from './shared/index.ts';

export interface NotifyInput {
  requests: NotificationRequest[];
}

/** Sends every request (each is idempotent by its key) and reports the totals. */
export async function notifyWorkflow(input: NotifyInput): Promise<NotifyResult> {
  return notify(...input.requests);
}

/**
 * Starts the notifications of one step under `notify/<group>`, without waiting for them. The group names the step
 * (an events batch, a review step), so a replayed or retried step starts nothing twice.
 */
export async function announce(group: string, requests: NotificationRequest[]): Promise<void> {
  if (requests.length === 0) return;
  try {
    await startChild(notifyWorkflow, {
      workflowId: `notify/${group}`,
      args: [{ requests }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    // the same step's notifications already run (or ran): each request is keyed, so nothing is lost
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
