// Evaluates a scheme version for a period, in batches of employees with bounded parallelism.
// - progress: evaluations and evaluation alerts, as of the scheduled time;
// - close: the same as of the period's end, one `period-close` bonus line per participant, a review workflow per
//   review the policy opens; then the run waits until every review is decided and locks the period.
// Started by a Schedule (no period: it is derived from the scheduled time, so catch-up runs close the period
// they were scheduled for) or by the API. A close with its period runs under `closeWorkflowId(version, period)`
// (the API starts it so); a scheduled close starts that workflow as an abandoned child, so a second close of a
// period is refused.
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/common';
import { condition, continueAsNew, proxyActivities, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import { parsePeriod } from '@yardstick/engine/domain';
import type { createActivities } from './activities/index.ts';
import { closeAsOf, closeWorkflowId, type RunMode, reviewDecidedSignal, runPeriodAt } from './shared/index.ts';

/** `evaluateBatch` activities in flight at once (each is RUN_BATCH_SIZE employees, see scheme-runs.service.ts). */
export const BATCHES_IN_FLIGHT = 4;
/** how often a close waiting for its reviews checks them without being signalled */
const REVIEW_CHECK_INTERVAL = '1 hour';

export interface EvaluateSchemeInput {
  schemeVersionId: string;
  mode: RunMode;
  /** absent when a Schedule started the run: derived from the scheduled time */
  period?: string;
  /** ISO instant; default: the scheduled (or start) time for progress, the period's end for close */
  asOf?: string;
  /** the organization's time zone, as the schedule was built with; read from the database when absent */
  timeZone?: string;
  /** for benchmarks: employees per batch (default RUN_BATCH_SIZE) and batches in flight (BATCHES_IN_FLIGHT) */
  tuning?: { batchSize?: number; batchesInFlight?: number };
  /** carried over continue-as-new */
  resume?: { nextBatch: number; phase: 'evaluating' | 'reviewing'; totals: RunTotals };
}

export interface RunTotals {
  participants: number;
  evaluated: number;
  alertsRaised: number;
  proposed: number;
  reviews: number;
}

export interface EvaluateSchemeResult extends RunTotals {
  period: string;
  asOf: string;
  /** the close workflow already ran or runs (a scheduled close started nothing new) */
  alreadyClosed?: boolean;
  locked?: boolean;
}

const { schemeRunSetting, snapshotScheme, beginClose, closeProposed, lockPeriodIfDecided } = proxyActivities<
  ReturnType<typeof createActivities>
>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { evaluateBatch } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Set by Temporal on runs a Schedule starts. */
const scheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export async function evaluateSchemeWorkflow(input: EvaluateSchemeInput): Promise<EvaluateSchemeResult> {
  let { period, asOf } = input;
  // a scheduled close (no period) hands the period it derives to the period's one close workflow
  const scheduledClose = input.mode === 'close' && !input.period;
  if (!period || !asOf) {
    const setting = await schemeRunSetting({ schemeVersionId: input.schemeVersionId });
    const timeZone = input.timeZone ?? setting.timeZone;
    if (!period) {
      const scheduled = workflowInfo().typedSearchAttributes.get(scheduledStartTime) ?? workflowInfo().startTime;
      ({
        period: { key: period },
        asOf,
      } = runPeriodAt(setting.periodKind, input.mode, scheduled, timeZone));
    } else {
      asOf = input.mode === 'close' ? closeAsOf(parsePeriod(period), timeZone) : workflowInfo().startTime.toISOString();
    }
  }
  const run = { ...input, period, asOf };
  if (scheduledClose) return startClose(run, closeWorkflowId(input.schemeVersionId, period));

  const totals: RunTotals = input.resume?.totals ?? {
    participants: 0,
    evaluated: 0,
    alertsRaised: 0,
    proposed: 0,
    reviews: 0,
  };
  const phase = input.resume?.phase ?? 'evaluating';
  const versionPeriod = { schemeVersionId: input.schemeVersionId, period };

  if (phase === 'evaluating') {
    const snapshot = await snapshotScheme({
      ...versionPeriod,
      ...(input.tuning?.batchSize ? { batchSize: input.tuning.batchSize } : {}),
    });
    totals.participants = snapshot.participants;
    if (input.mode === 'close') {
      const { status } = await beginClose({ ...versionPeriod, participants: snapshot.participants });
      if (status === 'locked') return { ...totals, period, asOf, locked: true };
    }
    let next = input.resume?.nextBatch ?? 0;
    let pausing = false;
    const lane = async () => {
      while (next < snapshot.batches.length && !pausing) {
        const { from, to } = snapshot.batches[next] as { from: string; to: string };
        next += 1;
        const outcome = await evaluateBatch({ ...versionPeriod, mode: input.mode, asOf, range: { from, to } });
        totals.evaluated += outcome.evaluated;
        totals.alertsRaised += outcome.alertsRaised;
        totals.proposed += outcome.proposed;
        totals.reviews += outcome.reviews;
        if (workflowInfo().continueAsNewSuggested) pausing = true;
      }
    };
    await Promise.all(Array.from({ length: input.tuning?.batchesInFlight ?? BATCHES_IN_FLIGHT }, lane));
    // every batch before `next` is done: the lanes finish what they took before they stop
    if (pausing && next < snapshot.batches.length) {
      return continueAsNew<typeof evaluateSchemeWorkflow>({
        ...run,
        resume: { nextBatch: next, phase: 'evaluating', totals },
      });
    }
    if (input.mode === 'progress') return { ...totals, period, asOf };
  }

  // close: the lines are proposed; the period locks when every review is decided
  const counts = await closeProposed(versionPeriod);
  totals.proposed = counts.proposed;
  totals.reviews = counts.reviews;
  let decided = true;
  setHandler(reviewDecidedSignal, () => {
    decided = true;
  });
  for (;;) {
    if (decided) {
      decided = false;
      if (await lockPeriodIfDecided(versionPeriod)) return { ...totals, period, asOf, locked: true };
    }
    if (workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof evaluateSchemeWorkflow>({
        ...run,
        resume: { nextBatch: 0, phase: 'reviewing', totals },
      });
    }
    // a signal, or the hourly check in case one was lost
    if (!(await condition(() => decided, REVIEW_CHECK_INTERVAL))) decided = true;
  }
}

/** A scheduled close hands the period to its one close workflow; a second close of the period starts nothing. */
async function startClose(
  run: EvaluateSchemeInput & { period: string; asOf: string },
  closeId: string,
): Promise<EvaluateSchemeResult> {
  const empty = { participants: 0, evaluated: 0, alertsRaised: 0, proposed: 0, reviews: 0 };
  try {
    await startChild(evaluateSchemeWorkflow, {
      workflowId: closeId,
      args: [
        {
          schemeVersionId: run.schemeVersionId,
          mode: 'close',
          period: run.period,
          asOf: run.asOf,
          ...(run.tuning ? { tuning: run.tuning } : {}),
        },
      ],
      parentClosePolicy: 'ABANDON',
      // a close that failed may run again; one that completed (or runs) may not
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
    return { ...empty, period: run.period, asOf: run.asOf };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      return { ...empty, period: run.period, asOf: run.asOf, alreadyClosed: true };
    }
    throw error;
  }
}
