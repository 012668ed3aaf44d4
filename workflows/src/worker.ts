// Builds the Temporal worker: the workflow bundle plus activities wired to a real database.
import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker } from '@temporalio/worker';
import type { Orm } from '@yardstick/engine/db';
import type { NotificationDefaults } from '@yardstick/engine/notifications';
import { createActivities } from './activities/index.ts';
import { TASK_QUEUE } from './shared/index.ts';

export const workflowsPath = fileURLToPath(new URL('./workflows.ts', import.meta.url));

export async function createWorker(options: {
  connection: NativeConnection;
  namespace: string;
  orm: Orm;
  taskQueue?: string;
  notifications?: NotificationDefaults;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowsPath,
    activities: createActivities({ orm: options.orm, notifications: options.notifications ?? {} }),
    maxConcurrentActivityTaskExecutions: 20,
  });
}
