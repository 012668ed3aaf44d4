// Every workflow the worker registers: the entry point of the workflow bundle.

export { backtestWorkflow } from './backtest.workflow.ts';
export { bonusReviewWorkflow } from './bonus-review.workflow.ts';
export { employeeEventsWorkflow } from './employee-events.workflow.ts';
export { evaluateSchemeWorkflow } from './evaluate-scheme.workflow.ts';
export { notifyWorkflow } from './notify.workflow.ts';
