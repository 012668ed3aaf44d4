import { describe, expect, it } from 'vitest';
import { cronProblem, desiredSchedules, scheduleProblems } from './schedule-spec.ts';

const version = (overrides: Partial<Parameters<typeof desiredSchedules>[0][number]> = {}) => ({
  id: 'v1',
  status: 'active',
  paused: false,
  definition: { periodKind: 'month' as const },
  ...overrides,
});

describe('desiredSchedules', () => {
  it('gives an active or pilot version a progress and a close schedule with the default cadence', () => {
    const schedules = desiredSchedules([version(), version({ id: 'v2', status: 'pilot' })], 'Europe/Moscow');
    expect(schedules.map((s) => [s.id, s.cron, s.timeZone])).toStrictEqual([
      ['scheme/v1/progress', '0 6 * * *', 'Europe/Moscow'],
      ['scheme/v1/close', '0 4 1 * *', 'Europe/Moscow'],
      ['scheme/v2/progress', '0 6 * * *', 'Europe/Moscow'],
      ['scheme/v2/close', '0 4 1 * *', 'Europe/Moscow'],
    ]);
    expect(schedules[1]?.input).toStrictEqual({ schemeVersionId: 'v1', mode: 'close', timeZone: 'Europe/Moscow' });
  });

  it('gives drafts and archived versions none', () => {
    expect(desiredSchedules([version({ status: 'draft' }), version({ status: 'archived' })], 'UTC')).toStrictEqual([]);
  });

  it('takes the cadence of the definition and the period kind', () => {
    const [progress, close] = desiredSchedules(
      [version({ definition: { periodKind: 'quarter', schedule: { progress: '30 7 * * 1-5' } } })],
      'UTC',
    );
    expect(progress?.cron).toBe('30 7 * * 1-5');
    expect(close?.cron).toBe('0 4 1 1,4,7,10 *');
  });

  it('changes the fingerprint with the cadence or the time zone, not with pausing', () => {
    const [base] = desiredSchedules([version()], 'Europe/Moscow');
    const [paused] = desiredSchedules([version({ paused: true })], 'Europe/Moscow');
    const [moved] = desiredSchedules([version()], 'Asia/Yekaterinburg');
    const [recadenced] = desiredSchedules(
      [version({ definition: { periodKind: 'month', schedule: { progress: '0 9 * * *' } } })],
      'Europe/Moscow',
    );
    expect(paused?.paused).toBe(true);
    expect(paused?.fingerprint).toBe(base?.fingerprint);
    expect(moved?.fingerprint).not.toBe(base?.fingerprint);
    expect(recadenced?.fingerprint).not.toBe(base?.fingerprint);
  });
});

describe('cron validation', () => {
  it('accepts the usual forms', () => {
    for (const cron of ['0 6 * * *', '*/15 8-18 * * 1-5', '0 4 1 1,4,7,10 *', '0 0 1 * 0']) {
      expect(cronProblem(cron)).toBeNull();
    }
  });

  it('refuses wrong field counts, out-of-range numbers and garbage, with JSON paths', () => {
    expect(cronProblem('0 6 * *')).toMatch(/5 fields/);
    expect(cronProblem('0 24 * * *')).toMatch(/hour.*0–23/);
    expect(cronProblem('0 6 * 13 *')).toMatch(/month/);
    expect(cronProblem('0 6 5-1 * *')).toMatch(/backwards/);
    expect(cronProblem('x 6 * * *')).toMatch(/minute/);
    expect(scheduleProblems({ schedule: { progress: '0 6 * * *', close: 'daily' } })).toStrictEqual([
      { path: '/schedule/close', message: 'a cron expression has 5 fields (minute hour day month weekday), not 1' },
    ]);
  });
});
