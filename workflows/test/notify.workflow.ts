// A test-only workflow (the worker does not register it): asks for the same notification twice, as a retried or
// repeated step of a real workflow would.
import { notify } from '../src/notify.ts';
import type { NotificationRequest, NotifyResult } from '../src/shared/index.ts';

export async function notifyTwiceWorkflow(request: NotificationRequest): Promise<NotifyResult[]> {
  const first = await notify(request);
  const second = await notify(request);
  return [first, second];
}
