// One place for the facts shared by workflows, the worker and the engine.
export * from './clawback.ts';
export * from './employee-events.ts';
export * from './scheme-definition.ts';
export * from './scheme-evaluation.ts';
export * from './task-queues.ts';
export * from './template.ts';
export * from './workflow-ids.ts';
