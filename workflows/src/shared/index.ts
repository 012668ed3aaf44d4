// One place for the facts shared by workflows, the worker and the engine.

export * from './backtest.ts';
export * from './bonus-review.ts';
export * from './clawback.ts';
export * from './employee-events.ts';
export * from './notifications.ts';
export * from './scheme-definition.ts';
export * from './scheme-evaluation.ts';
export * from './scheme-period.ts';
export * from './task-queues.ts';
export * from './template.ts';
export * from './workflow-ids.ts';
