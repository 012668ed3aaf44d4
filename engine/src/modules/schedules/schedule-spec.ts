// What the Temporal Schedules of scheme versions should be: one per (active or pilot version, cadence), built
// from the database alone. Pure, so the reconciler's decisions are unit-tested.
import {
  DEFAULT_PROGRESS_CRON,
  defaultCloseCron,
  type RunMode,
  type SchemeDefinition,
} from '@yardstick/workflows/shared';

export const SCHEDULE_PREFIX = 'scheme/';
export const scheduleId = (versionId: string, mode: RunMode): string => `${SCHEDULE_PREFIX}${versionId}/${mode}`;
/** missed runs within this window (Temporal or the worker down) still run, each for its own period */
export const CATCHUP_WINDOW = '7 days';

export interface DesiredSchedule {
  id: string;
  versionId: string;
  mode: RunMode;
  cron: string;
  timeZone: string;
  paused: boolean;
  /** the `evaluateSchemeWorkflow` input: no period, so each run derives its own from its scheduled time */
  input: { schemeVersionId: string; mode: RunMode; timeZone: string };
  /** everything but the paused state: a schedule whose fingerprint differs is updated */
  fingerprint: string;
}

export interface VersionForSchedules {
  id: string;
  status: string;
  paused: boolean;
  definition: Pick<SchemeDefinition, 'periodKind' | 'schedule'>;
}

export function desiredSchedules(versions: readonly VersionForSchedules[], timeZone: string): DesiredSchedule[] {
  return versions
    .filter((v) => v.status === 'active' || v.status === 'pilot')
    .flatMap((v) =>
      (['progress', 'close'] as const).map((mode) => {
        const cron =
          mode === 'progress'
            ? (v.definition.schedule?.progress ?? DEFAULT_PROGRESS_CRON)
            : (v.definition.schedule?.close ?? defaultCloseCron(v.definition.periodKind));
        const input = { schemeVersionId: v.id, mode, timeZone };
        return {
          id: scheduleId(v.id, mode),
          versionId: v.id,
          mode,
          cron,
          timeZone,
          paused: v.paused,
          input,
          fingerprint: JSON.stringify({ cron, timeZone, input, catchup: CATCHUP_WINDOW }),
        };
      }),
    );
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

/** Why a cron expression (five numeric fields: `*`, `n`, `a-b`, `x/step`, lists) is not one; null when it is. */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    return `a cron expression has 5 fields (minute hour day month weekday), not ${fields.length}`;
  for (const [i, field] of fields.entries()) {
    const { name, min, max } = FIELDS[i] as (typeof FIELDS)[number];
    for (const part of field.split(',')) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!m) return `the ${name} field "${field}" is not a number, range, list or step`;
      const numbers = [m[2], m[3]].filter((n) => n !== undefined).map(Number);
      if (numbers.some((n) => n < min || n > max)) return `the ${name} field "${field}" is outside ${min}–${max}`;
      if (numbers.length === 2 && (numbers[0] as number) > (numbers[1] as number)) {
        return `the ${name} field "${field}" has a range that runs backwards`;
      }
      if (m[4] !== undefined && Number(m[4]) === 0) return `the ${name} field "${field}" has a step of 0`;
    }
  }
  return null;
}

/** The definition's schedule problems, with JSON pointers into it. */
export function scheduleProblems(definition: Pick<SchemeDefinition, 'schedule'>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const mode of ['progress', 'close'] as const) {
    const cron = definition.schedule?.[mode];
    if (cron === undefined) continue;
    const problem = typeof cron === 'string' ? cronProblem(cron) : 'must be a cron expression';
    if (problem) problems.push({ path: `/schedule/${mode}`, message: problem });
  }
  return problems;
}
