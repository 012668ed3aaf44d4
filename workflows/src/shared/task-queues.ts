// Task-queue names: one place, read by the worker and every client.
export const TASK_QUEUE = 'yardstick';
