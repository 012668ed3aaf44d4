// A scheme version's runs on the whole stack (Temporal dev server, engine, worker, SQLite): its schedules follow
// publish, pause, resume, archive and the organization's time zone; a close proposes one line per participant
// however often it is started (by the API or by its schedule), records evaluations and evaluation alerts, and
// locks the period once every review is decided.
import { ScheduleNotFoundError } from '@temporalio/client';
import { closeWorkflowId, type SchemeDefinition } from '@yardstick/workflows/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHistory } from '../../workflows/test/history.ts';
import { Alert, BonusRecord, Evaluation, Review } from '../src/db/index.ts';
import { eventually, startTestStack, type TestStack } from './stack.ts';
import { login } from './thin-slice.ts';

const CLOSED = '2026-11';

describe('scheme runs on SQLite + Temporal dev server', () => {
  let stack: TestStack;
  let session: Record<string, string>;
  let schemeId: string;
  let v1: string;
  let v2: string;
  let v2Number: number;

  const api = async <T>(method: string, path: string, body?: unknown, status = 200): Promise<T> => {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: { ...session, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBe(status);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const schedule = (versionId: string, mode: string) =>
    stack.temporal.schedule.getHandle(`scheme/${versionId}/${mode}`);
  const exists = async (versionId: string, mode: string) => {
    try {
      await schedule(versionId, mode).describe();
      return true;
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return false;
      throw error;
    }
  };

  beforeAll(async () => {
    stack = await startTestStack({ database: 'sqlite' });
    session = await login(stack.url);
    const schemes = await api<{ items: { id: string; name: { ru: string }; versions: { id: string }[] }[] }>(
      'GET',
      '/api/schemes',
    );
    const demo = schemes.items.find((s) => s.name.ru === 'Премия отдела продаж');
    if (!demo) throw new Error('demo scheme missing');
    schemeId = demo.id;
    v1 = demo.versions[0]?.id as string;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('gives the active version its schedules on start, and moves them to a new version on publish', async () => {
    await eventually(async () => ((await exists(v1, 'progress')) && (await exists(v1, 'close')) ? true : undefined));
    const close = await schedule(v1, 'close').describe();
    expect(close.spec.timezone).toBe('Europe/Moscow');
    expect(close.state.paused).toBe(false);
    expect(close.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'evaluateSchemeWorkflow',
      args: [{ schemeVersionId: v1, mode: 'close', timeZone: 'Europe/Moscow' }],
    });

    // a schedule that does not follow the cron grammar is refused on publish with its JSON path
    const { definition } = await api<{ definition: SchemeDefinition }>('GET', `/api/schemes/${schemeId}/versions/1`);
    const next: SchemeDefinition = {
      ...definition,
      alertRules: [
        ...definition.alertRules,
        {
          id: 'period-evaluated',
          name: { en: 'Period evaluated', ru: 'Период рассчитан' },
          on: ['evaluation'],
          severity: 'info',
          when: { '>=': [{ var: 'achievement' }, 0] },
          message: { en: '{{employee.name}}: evaluated', ru: '{{employee.name}}: рассчитано' },
        },
      ],
    };
    const bad = await api<{ version: number }>(
      'POST',
      `/api/schemes/${schemeId}/versions`,
      { effectiveFrom: '2026-10-01', definition: { ...next, schedule: { close: '0 4 1 *' } } },
      201,
    );
    const refused = await api<{ error: { code: string; details: { path: string }[] } }>(
      'POST',
      `/api/schemes/${schemeId}/versions/${bad.version}/publish`,
      { status: 'active' },
      422,
    );
    expect(refused.error.code).toBe('scheme.invalid_schedule');
    expect(refused.error.details).toMatchObject([{ path: '/schedule/close' }]);
    await api('POST', `/api/schemes/${schemeId}/versions/${bad.version}/archive`);

    const created = await api<{ id: string; version: number }>(
      'POST',
      `/api/schemes/${schemeId}/versions`,
      { effectiveFrom: '2026-10-01', definition: { ...next, schedule: { progress: '30 7 * * *' } } },
      201,
    );
    v2 = created.id;
    v2Number = created.version;
    await api('POST', `/api/schemes/${schemeId}/versions/${created.version}/publish`, { status: 'active' });
    // the replaced version loses its schedules, the new one gets them
    await eventually(async () =>
      (await exists(v2, 'progress')) && (await exists(v2, 'close')) && !(await exists(v1, 'close')) ? true : undefined,
    );
    expect(await exists(v1, 'progress')).toBe(false);
    const progress = await schedule(v2, 'progress').describe();
    expect(progress.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 7, end: 7, step: 1 }] });
    // converged: another pass changes nothing
    expect(await stack.engine.schedules.run()).toMatchObject({
      created: [],
      updated: [],
      deleted: [],
      paused: [],
      resumed: [],
    });
  });

  it('pauses and resumes the schedules with the version, and follows the time zone', async () => {
    const base = `/api/schemes/${schemeId}/versions/${v2Number}`;
    expect((await api<{ paused: boolean }>('POST', `${base}/pause`)).paused).toBe(true);
    await api('POST', `${base}/pause`, undefined, 409);
    await eventually(async () => ((await schedule(v2, 'close').describe()).state.paused ? true : undefined));
    expect((await schedule(v2, 'progress').describe()).state.paused).toBe(true);
    expect((await api<{ paused: boolean }>('POST', `${base}/resume`)).paused).toBe(false);
    await eventually(async () => (!(await schedule(v2, 'close').describe()).state.paused ? true : undefined));

    await api('PATCH', '/api/organization', { timeZone: 'Asia/Yekaterinburg' });
    await eventually(async () =>
      (await schedule(v2, 'close').describe()).spec.timezone === 'Asia/Yekaterinburg' ? true : undefined,
    );
    await api('PATCH', '/api/organization', { timeZone: 'Europe/Moscow' });
    await eventually(async () =>
      (await schedule(v2, 'close').describe()).spec.timezone === 'Europe/Moscow' ? true : undefined,
    );
    const close = await schedule(v2, 'close').describe();
    expect(close.action).toMatchObject({ args: [{ schemeVersionId: v2, mode: 'close', timeZone: 'Europe/Moscow' }] });
    expect(close.policies.catchupWindow).toBe(7 * 86_400_000);
  });

  it('closes a period once: one line per participant, evaluations, evaluation alerts', async () => {
    const evaluate = `/api/schemes/${schemeId}/versions/${v2Number}/evaluate`;
    const started = await api<{ workflowId: string }>('POST', evaluate, { period: CLOSED, mode: 'close' }, 202);
    expect(started.workflowId).toBe(closeWorkflowId(v2, CLOSED));
    // a second close of the period is refused while it runs
    const again = await api<{ error: { code: string } }>('POST', evaluate, { period: CLOSED, mode: 'close' }, 409);
    expect(again.error.code).toBe('period.close_started');

    const reviewing = await eventually(async () => {
      const { items } = await api<{ items: { period: string; status: string; participants: number }[] }>(
        'GET',
        `/api/schemes/${schemeId}/periods`,
      );
      return items.find((p) => p.period === CLOSED && p.status === 'reviewing');
    }, 60_000);
    expect(reviewing.participants).toBeGreaterThan(3);

    const em = stack.engine.orm.em.fork();
    const lines = await em.find(BonusRecord, { schemeVersion: v2, period: CLOSED });
    expect(lines).toHaveLength(reviewing.participants);
    expect(new Set(lines.map((l) => l.employee)).size).toBe(reviewing.participants);
    expect(lines.every((l) => l.cause === 'period-close' && l.status === 'proposed' && l.evaluation)).toBe(true);
    const evaluations = await em.find(Evaluation, { schemeVersion: v2, period: CLOSED, mode: 'close' });
    expect(evaluations).toHaveLength(reviewing.participants);
    expect(new Set(evaluations.map((e) => e.asOf.toISOString()))).toStrictEqual(new Set(['2026-11-30T21:00:00.000Z']));
    const alerts = await em.find(Alert, { schemeVersion: v2, period: CLOSED, ruleId: 'period-evaluated' });
    expect(alerts).toHaveLength(reviewing.participants);
    expect(alerts.every((a) => a.causeEvaluation && a.causeEvent == null)).toBe(true);
    expect(alerts.map((a) => a.dedupeKey).sort()).toStrictEqual(
      lines.map((l) => `${v2}/period-evaluated/${l.employee}/${CLOSED}/evaluation`).sort(),
    );

    // the schedule's close for the same period (a catch-up run: 1 December 04:00 Moscow, started now) derives
    // the period from its scheduled time and finds the close already running
    await schedule(v2, 'close').backfill([
      { start: new Date('2026-12-01T00:59:00Z'), end: new Date('2026-12-01T01:01:00Z'), overlap: 'ALLOW_ALL' },
    ]);
    const launched = await eventually(async () => {
      const { info } = await schedule(v2, 'close').describe();
      return info.recentActions[0]?.action.workflow.workflowId;
    });
    const result = await stack.temporal.workflow.getHandle(launched).result();
    expect(result).toMatchObject({ period: CLOSED, asOf: '2026-11-30T21:00:00.000Z', alreadyClosed: true });
    await recordHistory(stack.temporal, launched, 'evaluate-scheme-scheduled-close');
    expect(await em.fork().count(BonusRecord, { schemeVersion: v2, period: CLOSED })).toBe(reviewing.participants);
  });

  it('evaluates progress as of its scheduled time', async () => {
    await schedule(v2, 'progress').backfill([
      { start: new Date('2026-11-15T04:29:00Z'), end: new Date('2026-11-15T04:31:00Z'), overlap: 'ALLOW_ALL' },
    ]);
    const run = await eventually(async () => {
      const { info } = await schedule(v2, 'progress').describe();
      return info.recentActions[0]?.action.workflow.workflowId;
    });
    const result = await stack.temporal.workflow.getHandle(run).result();
    expect(result).toMatchObject({ period: CLOSED, asOf: '2026-11-15T04:30:00.000Z', proposed: 0 });
    await recordHistory(stack.temporal, run, 'evaluate-scheme-progress');
    const em = stack.engine.orm.em.fork();
    const evaluations = await em.find(Evaluation, { schemeVersion: v2, period: CLOSED, mode: 'progress' });
    expect(evaluations.length).toBe((result as { participants: number }).participants);
    expect(evaluations.every((e) => e.asOf.toISOString() === '2026-11-15T04:30:00.000Z')).toBe(true);
    // the evaluation alert is raised once per period, whichever run raised it first
    expect(await em.count(Alert, { schemeVersion: v2, period: CLOSED, ruleId: 'period-evaluated' })).toBe(
      evaluations.length,
    );
  });

  it('locks the period once every review is decided', async () => {
    const em = stack.engine.orm.em.fork();
    const lines = await em.find(BonusRecord, { schemeVersion: v2, period: CLOSED });
    const reviews = await em.find(Review, { bonusRecord: { $in: lines.map((l) => l.id) } });
    expect(reviews).toHaveLength(lines.length);
    const handle = stack.temporal.workflow.getHandle(closeWorkflowId(v2, CLOSED));
    for (const [i, review] of reviews.entries()) {
      // through the review's workflow, which tells the close; before the last decision that changes nothing
      await api('POST', `/api/reviews/${review.id}/approve`, {});
      if (i === 0) {
        const { items } = await api<{ items: { period: string; status: string }[] }>(
          'GET',
          `/api/schemes/${schemeId}/periods`,
        );
        expect(items.find((p) => p.period === CLOSED)?.status).toBe('reviewing');
      }
    }
    expect(await handle.result()).toMatchObject({ period: CLOSED, locked: true, proposed: lines.length });
    const { items } = await api<{
      items: { period: string; status: string; proposed: number; reviews: number; lockedAt: string | null }[];
    }>('GET', `/api/schemes/${schemeId}/periods`);
    expect(items.find((p) => p.period === CLOSED)).toMatchObject({
      status: 'locked',
      proposed: lines.length,
      reviews: lines.length,
    });
    await recordHistory(stack.temporal, closeWorkflowId(v2, CLOSED), 'evaluate-scheme-close');

    // a locked period is not closed again
    const refused = await api<{ error: { code: string } }>(
      'POST',
      `/api/schemes/${schemeId}/versions/${v2Number}/evaluate`,
      { period: CLOSED, mode: 'close' },
      409,
    );
    expect(refused.error.code).toBe('period.locked');
  }, 60_000);

  it('deletes the schedules of an archived version', async () => {
    await api('POST', `/api/schemes/${schemeId}/versions/${v2Number}/archive`);
    await eventually(async () => (!(await exists(v2, 'progress')) && !(await exists(v2, 'close')) ? true : undefined));
    expect(await stack.engine.schedules.run()).toMatchObject({ created: [], deleted: [] });
  });
});
