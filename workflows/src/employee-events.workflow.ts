// One long-lived workflow per employee: woken by signal-with-start when events wait for the employee, it takes
// the waiting events (at once after a quiet spell, then at most once per second, so a burst comes in few takes),
// evaluates the alert rules of the employee's active schemes and raises alerts exactly once; then it evaluates the
// progress of those schemes for the periods the burst touched and claws back paid deals the burst reversed.
import {
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
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

type Activities = ReturnType<typeof createActivities>;
const options = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;
const activities = proxyActivities<Activities>(options);
// Taking and raising are short, idempotent database writes: as local activities they run inside the workflow task
// that the signal opened, with no round trip through the server, so an alert is stored within one task.
const local = proxyLocalActivities<Activities>(options);

/** at most one take per employee per this window: events arriving meanwhile are taken together */
const COALESCE_WINDOW_MS = 500;
/** the fixed wait of workflows recorded before `PROGRESS_EVALUATION` */
const FORMER_COALESCE_WINDOW = '1 second';

/** Marks workflows started by this code; those recorded before replay the way they ran (see `histories/`). */
const PROGRESS_EVALUATION = 'progress-evaluation';

export async function employeeEventsWorkflow(input: EmployeeEventsInput): Promise<void> {
  let waiting = input.waiting ?? false;
  /** workflow time of the last take in this run */
  let lastTake: number | undefined;
  /** what the takes left to evaluate: periods touched and reversals seen since the evaluation last started */
  const pending = { periods: new Set<string>(), reversals: [] as Reversal[] };
  /** the evaluation loop, while it runs: one evaluation at a time, each covering every take since the last */
  let evaluator: Promise<void> | undefined;
  const evaluateLater = (periods: Iterable<string>, reversals: Reversal[]) => {
    for (const period of periods) pending.periods.add(period);
    pending.reversals.push(...reversals);
    evaluator ??= (async () => {
      while (pending.periods.size > 0) {
        const run = { periods: [...pending.periods].sort(), reversals: pending.reversals.splice(0) };
        pending.periods.clear();
        // the workflow's clock: a retried activity records the same evaluations
        const asOf = new Date().toISOString();
        await activities.evaluateEmployeeProgress({ employeeId: input.employeeId, periods: run.periods, asOf });
        if (run.reversals.length > 0) {
          await activities.applyClawbacks({ employeeId: input.employeeId, reversals: run.reversals, asOf });
        }
      }
      evaluator = undefined;
    })();
  };
  setHandler(eventsWaitingSignal, () => {
    waiting = true;
  });

  for (;;) {
    await condition(() => waiting || workflowInfo().continueAsNewSuggested);
    if (waiting) {
      const current = patched(PROGRESS_EVALUATION);
      if (current) {
        const wait = lastTake === undefined ? 0 : lastTake + COALESCE_WINDOW_MS - Date.now();
        if (wait > 0) await sleep(wait);
      } else {
        // before: a fixed wait after the first event of every burst, and activities through the server
        await sleep(FORMER_COALESCE_WINDOW);
      }
      const { takeEventBatch, raiseAlerts } = current ? local : activities;
      lastTake = Date.now();
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
      // after the event alerts, so that they never wait for it; the next take does not wait for it either
      if (current && periods.size > 0) evaluateLater(periods, reversals);
    }
    if (workflowInfo().continueAsNewSuggested) {
      await evaluator;
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
