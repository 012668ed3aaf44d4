// The workflows package: the worker factory and activities (workflow code lives in the bundle).
export { type ActivityDeps, createActivities } from './activities/index.ts';
export { createWorker, workflowsPath } from './worker.ts';
