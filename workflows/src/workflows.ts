// Every workflow the worker registers: the entry point of the workflow bundle.
export { employeeEventsWorkflow } from './employee-events.workflow.ts';
export { evaluateSchemeWorkflow } from './evaluate-scheme.workflow.ts';
