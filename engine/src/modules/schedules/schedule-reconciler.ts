// Makes the Temporal Schedules of scheme versions converge to the database: creates the missing ones, updates
// those whose cadence, time zone or arguments changed, pauses and resumes them with their versions, deletes those
// of archived versions. Runs on start, every SCHEDULE_RECONCILE_INTERVAL_MS and after every change that affects
// schedules; while Temporal is down a run fails and the next one (soon after) tries again.
import {
  type Client,
  ScheduleAlreadyRunning,
  type ScheduleDescription,
  type ScheduleHandle,
  ScheduleNotFoundError,
} from '@temporalio/client';
import { TASK_QUEUE } from '@yardstick/workflows/shared';
import { Organization } from '../../db/entities/organization.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import type { Orm } from '../../db/orm.ts';
import type { Logger } from '../../lib/logger.ts';
import type { TemporalGateway } from '../../temporal/temporal-gateway.ts';
import { CATCHUP_WINDOW, type DesiredSchedule, desiredSchedules, SCHEDULE_PREFIX } from './schedule-spec.ts';

/** the action memo key that carries the desired schedule's fingerprint */
const FINGERPRINT = 'yardstickSchedule';
/** after a failed run (Temporal down), the next try comes this soon */
const RETRY_MS = 10_000;

export interface ReconcileReport {
  created: string[];
  updated: string[];
  paused: string[];
  resumed: string[];
  deleted: string[];
  unchanged: number;
}

export interface ScheduleReconciler {
  /** one pass; concurrent calls share a pass started after the call (none is lost) */
  run(): Promise<ReconcileReport>;
  /** a pass in the background; a failure is logged and retried */
  kick(): void;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

export function createScheduleReconciler(deps: {
  orm: Orm;
  temporal: Pick<TemporalGateway, 'client'>;
  logger: Logger;
}): ScheduleReconciler {
  let running: Promise<ReconcileReport> | undefined;
  let queued: Promise<ReconcileReport> | undefined;
  let interval: ReturnType<typeof setInterval> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  // schedules of archived versions known to be gone: asked for once per process, not on every pass
  const gone = new Set<string>();

  const run = (): Promise<ReconcileReport> => {
    if (!running) {
      running = reconcileOnce(deps, gone).finally(() => {
        running = undefined;
      });
      return running;
    }
    // a pass is under way with what the database said before this call: one more follows it
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return run();
      });
    return queued;
  };

  const kick = () => {
    if (stopped) return;
    run().then(
      (report) => {
        const changes = report.created.length + report.updated.length + report.deleted.length;
        if (changes + report.paused.length + report.resumed.length > 0) {
          deps.logger.info({ schedules: report }, 'schedules reconciled');
        }
      },
      (error: unknown) => {
        deps.logger.warn({ err: error }, 'schedules not reconciled; retrying');
        if (!stopped && !retry) {
          retry = setTimeout(() => {
            retry = undefined;
            kick();
          }, RETRY_MS);
          retry.unref();
        }
      },
    );
  };

  return {
    run,
    kick,
    start(intervalMs) {
      interval = setInterval(kick, intervalMs);
      interval.unref();
      kick();
    },
    async stop() {
      stopped = true;
      clearInterval(interval);
      clearTimeout(retry);
      await Promise.allSettled([running, queued]);
    },
  };
}

async function reconcileOnce(
  deps: { orm: Orm; temporal: Pick<TemporalGateway, 'client'>; logger: Logger },
  gone: Set<string>,
): Promise<ReconcileReport> {
  const em = deps.orm.em.fork();
  const organization = await em.findOneOrFail(Organization, { id: 1 });
  const versions = await em.find(SchemeVersion, { status: { $in: ['active', 'pilot', 'archived'] } });
  const desired = desiredSchedules(versions, organization.timeZone);
  const wanted = new Set(desired.map((d) => d.id));
  const client = await deps.temporal.client();
  const report: ReconcileReport = { created: [], updated: [], paused: [], resumed: [], deleted: [], unchanged: 0 };

  for (const schedule of desired) await converge(client, schedule, report);

  // every schedule of ours Temporal lists that no version wants; the list may lag behind recent creations, so
  // the archived versions' ids are asked for by name as well
  const stale = new Set<string>();
  for await (const listed of client.schedule.list()) {
    if (listed.scheduleId.startsWith(SCHEDULE_PREFIX) && !wanted.has(listed.scheduleId)) stale.add(listed.scheduleId);
  }
  for (const version of versions) {
    if (version.status !== 'archived') continue;
    for (const mode of ['progress', 'close']) {
      const id = `${SCHEDULE_PREFIX}${version.id}/${mode}`;
      if (!gone.has(id)) stale.add(id);
    }
  }
  for (const id of stale) {
    try {
      await client.schedule.getHandle(id).delete();
      report.deleted.push(id);
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
    gone.add(id);
  }
  return report;
}

async function converge(client: Client, schedule: DesiredSchedule, report: ReconcileReport): Promise<void> {
  const handle = client.schedule.getHandle(schedule.id);
  let description = await describe(handle);
  if (!description) {
    try {
      await client.schedule.create({
        scheduleId: schedule.id,
        spec: specOf(schedule),
        action: actionOf(schedule),
        policies: { catchupWindow: CATCHUP_WINDOW, overlap: 'BUFFER_ALL' },
        state: { paused: schedule.paused, ...(schedule.paused ? { note: 'the scheme version is paused' } : {}) },
      });
      report.created.push(schedule.id);
      return;
    } catch (error) {
      // created meanwhile (another engine replica): converge it like an existing one
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      description = await describe(handle);
      if (!description) return;
    }
  }
  let changed = false;
  if (description.action.type !== 'startWorkflow' || description.action.memo?.[FINGERPRINT] !== schedule.fingerprint) {
    await handle.update((previous) => ({
      ...previous,
      spec: specOf(schedule),
      action: actionOf(schedule),
      policies: { ...previous.policies, catchupWindow: CATCHUP_WINDOW, overlap: 'BUFFER_ALL' },
    }));
    report.updated.push(schedule.id);
    changed = true;
  }
  if (description.state.paused !== schedule.paused) {
    if (schedule.paused) {
      await handle.pause('the scheme version is paused');
      report.paused.push(schedule.id);
    } else {
      await handle.unpause('the scheme version is resumed');
      report.resumed.push(schedule.id);
    }
    changed = true;
  }
  if (!changed) report.unchanged += 1;
}

async function describe(handle: ScheduleHandle): Promise<ScheduleDescription | undefined> {
  try {
    return await handle.describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  }
}

const specOf = (schedule: DesiredSchedule) => ({ cronExpressions: [schedule.cron], timezone: schedule.timeZone });

const actionOf = (schedule: DesiredSchedule) => ({
  type: 'startWorkflow' as const,
  workflowType: 'evaluateSchemeWorkflow',
  // Temporal appends the scheduled time to each run's id
  workflowId: schedule.id,
  taskQueue: TASK_QUEUE,
  args: [schedule.input],
  memo: { [FINGERPRINT]: schedule.fingerprint },
});
