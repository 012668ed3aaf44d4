// One long-lived workflow per employee: woken by signal-with-start when events wait for the employee, it
// coalesces a burst, takes the waiting events, evaluates the alert rules of the employee's active schemes and
// raises alerts exactly once; then it evaluates the progress of those schemes for the periods the burst touched
// and claws back paid deals the burst reversed.
import {
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { evaluate } from '@yardstick/rules';
import type { createActivities } from './activities/index.ts';
import {
  type AlertToRaise,
  type EmployeeEventsInput,
  type EventBatchContext,
  eventsWaitingSignal,
  type Reversal,
  renderTemplate,
  reversalsIn,
  TAKE_LIMIT,
} from './shared/index.ts';

const { takeEventBatch, raiseAlerts, evaluateEmployeeProgress, applyClawbacks } = proxyActivities<
  ReturnType<typeof createActivities>
>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** how long to wait for more events after the first of a burst */
const COALESCE_WINDOW = '1 second';

export async function employeeEventsWorkflow(input: EmployeeEventsInput): Promise<void> {
  let waiting = input.waiting ?? false;
  setHandler(eventsWaitingSignal, () => {
    waiting = true;
  });

  for (;;) {
    await condition(() => waiting || workflowInfo().continueAsNewSuggested);
    if (waiting) {
      await sleep(COALESCE_WINDOW);
      // taking makes the employee clean: events stored from here on mark them dirty and signal again
      waiting = false;
      let more = true;
      const periods = new Set<string>();
      const reversals: Reversal[] = [];
      while (more) {
        // deterministic (seeded by the workflow), so a retried take answers the same batch
        const batchId = `${workflowInfo().workflowId}/${uuid4()}`;
        const context = await takeEventBatch({ employeeId: input.employeeId, batchId, limit: TAKE_LIMIT });
        more = context.more;
        const alerts = alertsFor(context);
        if (alerts.length > 0) await raiseAlerts({ alerts });
        for (const { period } of context.events) periods.add(period.key);
        reversals.push(
          ...reversalsIn(
            context.schemes,
            context.events.map(({ event }) => event),
          ),
        );
      }
      // after the event alerts, so that they never wait for it; once per burst, not once per event.
      // Workflows recorded before this step replay without it.
      if (periods.size > 0 && patched('progress-evaluation')) {
        // the workflow's clock: a retried activity records the same evaluations
        const asOf = new Date().toISOString();
        await evaluateEmployeeProgress({ employeeId: input.employeeId, periods: [...periods].sort(), asOf });
        if (reversals.length > 0 && patched('clawback')) {
          await applyClawbacks({ employeeId: input.employeeId, reversals, asOf });
        }
      }
    }
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof employeeEventsWorkflow>({ employeeId: input.employeeId, waiting });
    }
  }
}

/** Pure: which alert rules fire for which events. Exported for unit tests. */
export function alertsFor(context: EventBatchContext): AlertToRaise[] {
  const alerts: AlertToRaise[] = [];
  for (const { event, period } of context.events) {
    const ruleContext = { employee: context.employee, event, period };
    for (const scheme of context.schemes) {
      for (const rule of scheme.rules) {
        if (rule.on.length > 0 && !rule.on.includes(event.type)) continue;
        if (evaluate(rule.when, ruleContext) !== true) continue;
        alerts.push({
          dedupeKey: [scheme.schemeVersionId, rule.id, context.employee.id, period.key, `event:${event.id}`].join('/'),
          schemeVersionId: scheme.schemeVersionId,
          ruleId: rule.id,
          ruleName: rule.name,
          employeeId: context.employee.id,
          period: period.key,
          severity: rule.severity,
          message: {
            en: renderTemplate(rule.message.en, ruleContext),
            ru: renderTemplate(rule.message.ru, ruleContext),
          },
          causeEventId: event.id,
        });
      }
    }
  }
  return alerts;
}
