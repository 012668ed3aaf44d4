// The bonus review workflow on the time-skipping test server, with its real activities on a migrated, demo-seeded
// SQLite: a reminder the day before the deadline, the escalation to HR at the deadline (a manager is then refused,
// HR accepted), the decision validators, and a decision made directly in the database noticed when the workflow
// wakes. The ledger and the audit log hold each outcome.
import { MockActivityEnvironment, TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { createActivities, createWorker } from '@yardstick/workflows';
import { testServerExecutable } from '@yardstick/workflows/dev-server';
import {
  adjustReviewUpdate,
  approveReviewUpdate,
  DAY_MS,
  type ReviewPrincipal,
  refusalOf,
  rejectReviewUpdate,
  reviewStateQuery,
  reviewWorkflowId,
  TASK_QUEUE,
} from '@yardstick/workflows/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHistory } from '../../workflows/test/history.ts';
import { AuditLog } from '../src/db/entities/audit-log.entity.ts';
import { newId } from '../src/db/entities/base.ts';
import { BonusRecord } from '../src/db/entities/bonus-record.entity.ts';
import { Employee } from '../src/db/entities/employee.entity.ts';
import { Notification } from '../src/db/entities/notification.entity.ts';
import { Review } from '../src/db/entities/review.entity.ts';
import { Scheme } from '../src/db/entities/scheme.entity.ts';
import { SchemeVersion } from '../src/db/entities/scheme-version.entity.ts';
import { User, type UserRole } from '../src/db/entities/user.entity.ts';
import type { Orm } from '../src/db/orm.ts';
import { decideReview, proposeBonus } from '../src/modules/ledger/bonus-ledger.service.ts';
import { type InProcessApp, startInProcessApp } from './in-process-app.ts';
import { eventually } from './stack.ts';

describe('bonus review workflow: reminders, escalation, validators (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let app: InProcessApp;
  let orm: Orm;
  let worker: Worker;
  let running: Promise<void>;
  let versionId: string;
  const people: Record<string, string> = {};
  const principals: Record<string, ReviewPrincipal> = {};

  async function user(role: UserRole, employeeName: string | null): Promise<ReviewPrincipal> {
    const em = orm.em.fork();
    const employeeId = employeeName ? (people[employeeName] as string) : null;
    const id = newId();
    em.create(User, {
      id,
      email: `${role}-${id.slice(0, 8)}@yardstick.test`,
      name: employeeName ?? role,
      passwordHash: 'unused',
      role,
      employee: employeeId,
    });
    await em.flush();
    return { userId: id, role, employeeId };
  }

  /** proposes a line under review at the test server's "now" */
  async function propose(name: string, period: string) {
    const now = new Date(await env.currentTimeMs());
    const proposed = await proposeBonus(
      orm.em.fork(),
      {
        schemeVersionId: versionId,
        employeeId: people[name] as string,
        period,
        cause: 'period-close',
        amount: '40000.00',
        currency: 'RUB',
      },
      now,
    );
    return { reviewId: proposed.reviewId as string, bonusRecordId: proposed.bonusRecordId, proposedAt: now };
  }

  /** proposes a line under review and starts its workflow */
  async function reviewFor(name: string, period: string) {
    const { reviewId, bonusRecordId, proposedAt } = await propose(name, period);
    const handle = await env.client.workflow.start('bonusReviewWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: reviewWorkflowId(reviewId),
      args: [{ reviewId }],
    });
    return { reviewId, bonusRecordId, proposedAt, handle };
  }

  /** the refusal an update was rejected with */
  async function refused(update: Promise<unknown>) {
    const error = await update.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, 'the update was refused').not.toBeNull();
    return refusalOf((error as { cause?: unknown }).cause ?? error);
  }

  const stored = (reviewId: string) => orm.em.fork().findOneOrFail(Review, { id: reviewId });

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // installed by an earlier test in this process
    }
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: await testServerExecutable() } });
    app = await startInProcessApp('sqlite');
    orm = app.orm;
    const em = orm.em.fork();
    const scheme = (await em.find(Scheme, {})).find((s) => s.name.ru === 'Премия отдела продаж') as Scheme;
    versionId = (await em.findOneOrFail(SchemeVersion, { scheme: scheme.id, version: 1 })).id;
    for (const name of ['Алексей Смирнов', 'Мария Кузнецова', 'Ирина Соколова']) {
      people[name] = (await em.findOneOrFail(Employee, { name })).id;
    }
    principals.manager = await user('manager', 'Ирина Соколова');
    principals.hr = await user('hr', null);
    principals.alexey = await user('employee', 'Алексей Смирнов');
    worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', orm, taskQueue: TASK_QUEUE });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await app?.stop();
  });

  it('reminds the day before the deadline, escalates to HR at it, then takes HR’s decision only', async () => {
    const { reviewId, bonusRecordId, proposedAt, handle } = await reviewFor('Алексей Смирнов', '2026-09');
    const deadline = proposedAt.getTime() + 5 * DAY_MS;

    // the validators refuse before anything is written
    const manager = principals.manager as ReviewPrincipal;
    const blank = await refused(
      handle.executeUpdate(rejectReviewUpdate, { args: [{ principal: manager, reason: ' ' }] }),
    );
    expect(blank).toMatchObject({ status: 422, details: [{ path: '/reason' }] });
    const negative = await refused(
      handle.executeUpdate(adjustReviewUpdate, { args: [{ principal: manager, amount: '-5', reason: 'x' }] }),
    );
    expect(negative).toMatchObject({ status: 422, details: [{ path: '/amount' }] });
    const employee = await refused(
      handle.executeUpdate(approveReviewUpdate, { args: [{ principal: principals.alexey as ReviewPrincipal }] }),
    );
    expect(employee).toMatchObject({ status: 403, code: 'auth.forbidden' });
    // a manager who is the employee themself (a manager's own line would be the same)
    const self = await refused(
      handle.executeUpdate(approveReviewUpdate, {
        args: [{ principal: { ...manager, employeeId: people['Алексей Смирнов'] as string } }],
      }),
    );
    expect(self).toMatchObject({ status: 403, message: 'Nobody decides on their own bonus' });
    expect((await stored(reviewId)).status).toBe('pending');

    const initial = await handle.query(reviewStateQuery);
    expect(initial).toMatchObject({ status: 'pending', reviewerRole: 'manager', remindersSent: 0, escalated: false });
    expect(initial.nextAction).toBe('remind');
    expect(initial.nextActionAt).toBe(new Date(deadline - DAY_MS).toISOString());

    // four days later: the reminder, due one day before the deadline
    await env.sleep(4 * DAY_MS + 60_000);
    const reminded = await eventually(async () => {
      const review = await stored(reviewId);
      return review.remindersSent === 1 ? review : undefined;
    });
    expect(reminded.status).toBe('pending');
    const reminder = await orm.em
      .fork()
      .findOneOrFail(AuditLog, { entity: 'review', entityId: reviewId, action: 'review.remind' });
    expect(reminder.after).toMatchObject({ remindersSent: 1, dueAt: new Date(deadline - DAY_MS).toISOString() });
    expect(await handle.query(reviewStateQuery)).toMatchObject({
      remindersSent: 1,
      nextAction: 'escalate',
      nextActionAt: new Date(deadline).toISOString(),
    });

    // past the deadline: escalated to HR, with a new deadline three days on
    await env.sleep(DAY_MS);
    const escalated = await eventually(async () => {
      const review = await stored(reviewId);
      return review.escalatedAt ? review : undefined;
    });
    expect(escalated.reviewerRole).toBe('hr');
    expect(escalated.escalatedAt?.getTime()).toBeGreaterThanOrEqual(deadline);
    expect(escalated.deadline.getTime()).toBe((escalated.escalatedAt as Date).getTime() + 3 * DAY_MS);
    const escalation = await orm.em
      .fork()
      .findOneOrFail(AuditLog, { entity: 'review', entityId: reviewId, action: 'review.escalate' });
    expect(escalation.before).toMatchObject({ reviewerRole: 'manager' });
    expect(escalation.after).toMatchObject({ reviewerRole: 'hr' });
    expect(await handle.query(reviewStateQuery)).toMatchObject({ reviewerRole: 'hr', escalated: true });

    // the manager may no longer decide; HR may
    const late = await refused(handle.executeUpdate(approveReviewUpdate, { args: [{ principal: manager }] }));
    expect(late).toMatchObject({ status: 403, message: 'This review is decided by the hr role' });
    const decided = await handle.executeUpdate(approveReviewUpdate, {
      args: [{ principal: principals.hr as ReviewPrincipal, comment: 'Проверено' }],
    });
    expect(decided).toEqual({ reviewId, status: 'approved' });
    expect(await handle.result()).toMatchObject({ status: 'approved', reviewerRole: 'hr', nextActionAt: null });

    const line = await orm.em.fork().findOneOrFail(BonusRecord, { id: bonusRecordId });
    expect(line.status).toBe('approved');
    const review = await stored(reviewId);
    expect(review).toMatchObject({ status: 'approved', decidedBy: principals.hr?.userId, comment: 'Проверено' });
    const approval = await orm.em
      .fork()
      .findOneOrFail(AuditLog, { entity: 'review', entityId: reviewId, action: 'review.approved' });
    expect(approval.actor).toBe(`user:${principals.hr?.userId}`);

    // each step told its people in the studio, once: the manager of the request and the reminder, HR of the
    // escalation, the employee of the outcome (notifications run as workflows of their own, so they may trail)
    const topicsOf = async (principal: ReviewPrincipal | undefined) =>
      (
        await orm.em.fork().find(Notification, {
          recipient: principal?.userId,
          channel: 'in_app',
          key: { $like: `review/${reviewId}/%` },
        })
      )
        .map((n) => n.topic)
        .sort();
    await eventually(async () => ((await topicsOf(principals.alexey)).length > 0 ? true : undefined));
    expect(await topicsOf(principals.manager)).toEqual(['review.reminder', 'review.requested']);
    expect(await topicsOf(principals.hr)).toEqual(['review.escalated']);
    expect(await topicsOf(principals.alexey)).toEqual(['review.decided']);
    await recordHistory(env.client, reviewWorkflowId(reviewId), 'bonus-review');
    await recordHistory(env.client, `notify/review/${reviewId}/decided`, 'notify');
  });

  it('takes one of two decisions sent at once, adjusting with the difference as an adjustment line', async () => {
    const { reviewId, handle } = await reviewFor('Мария Кузнецова', '2026-08');
    // wait until the workflow has read the review, so that both updates meet its validator
    await eventually(() =>
      handle.query(reviewStateQuery).then(
        (s) => s,
        () => undefined,
      ),
    );
    const [manager, hr] = await Promise.allSettled([
      handle.executeUpdate(adjustReviewUpdate, {
        args: [{ principal: principals.manager as ReviewPrincipal, amount: '45000.00', reason: 'Крупная сделка' }],
      }),
      handle.executeUpdate(adjustReviewUpdate, {
        args: [{ principal: principals.hr as ReviewPrincipal, amount: '47000.00', reason: 'Две сделки' }],
      }),
    ]);
    const outcomes = [manager, hr].map((o) =>
      o?.status === 'fulfilled' ? o.value.status : refusalOf(o?.reason)?.status,
    );
    expect(outcomes.sort()).toEqual([409, 'adjusted'].sort());
    expect(manager?.status === 'fulfilled' || hr?.status === 'fulfilled').toBe(true);
    const winner = manager?.status === 'fulfilled' ? '45000.00' : '47000.00';
    // a later decision: the workflow has completed or refuses it; either way nothing more is written
    const again = await handle
      .executeUpdate(approveReviewUpdate, { args: [{ principal: principals.hr as ReviewPrincipal }] })
      .then(
        () => 'accepted',
        () => 'refused',
      );
    expect(again).toBe('refused');
    expect((await stored(reviewId)).adjustedAmountMinor).toBe(winner.replace('.', ''));
    expect(await handle.result()).toMatchObject({ status: 'adjusted' });
    const lines = await orm.em.fork().find(BonusRecord, { employee: people['Мария Кузнецова'], period: '2026-08' });
    expect(lines.map((l) => [l.kind, l.amountMinor, l.status]).sort()).toEqual([
      ['adjustment', winner === '45000.00' ? '500000' : '700000', 'approved'],
      ['payout', '4000000', 'approved'],
    ]);
  });

  it('notices a decision made directly in the database when it wakes, and completes', async () => {
    const { reviewId, handle } = await reviewFor('Алексей Смирнов', '2026-07');
    // decided without the workflow, as the API does while Temporal is unreachable
    const hr = principals.hr as ReviewPrincipal;
    await decideReview(
      orm.em.fork(),
      { kind: 'user', userId: hr.userId, email: 'hr@test', name: 'hr', role: 'hr', employeeId: null, credentialId: '' },
      reviewId,
      { kind: 'reject', reason: 'Сделки не подтверждены' },
    );
    // awaiting the result skips time to the workflow's next timer, where it re-reads the review
    expect(await handle.result()).toMatchObject({ status: 'rejected', remindersSent: 0 });
    const review = await stored(reviewId);
    expect(review).toMatchObject({ status: 'rejected', remindersSent: 0, escalatedAt: null });
    const audit = await orm.em.fork().find(AuditLog, { entity: 'review', entityId: reviewId });
    expect(audit.map((a) => a.action)).toEqual(['review.rejected']);
  });

  it('starts the review workflows of a close run once per review (startReviewWorkflows)', async () => {
    const { reviewId } = await propose('Мария Кузнецова', '2026-06');
    const activities = createActivities({ orm });
    const activity = new MockActivityEnvironment(undefined, { client: env.client });
    expect(await activity.run(activities.startReviewWorkflows, { reviewIds: [reviewId] })).toEqual({ started: 1 });
    expect(await activity.run(activities.startReviewWorkflows, { reviewIds: [reviewId] })).toEqual({ started: 0 });
    const handle = env.client.workflow.getHandle(reviewWorkflowId(reviewId));
    await handle.executeUpdate(approveReviewUpdate, { args: [{ principal: principals.hr as ReviewPrincipal }] });
    expect(await handle.result()).toMatchObject({ status: 'approved' });
  });
});
