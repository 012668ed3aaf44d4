// The review API on the whole stack (Temporal dev server, engine, worker, SQLite file): a review with a workflow
// is decided over HTTP through the workflow's update; a second decision is a 409; a review without a workflow is
// decided directly. GET /api/reviews/:id shows the workflow's state.
import type { Client } from '@temporalio/client';
import { reviewWorkflowId } from '@yardstick/workflows/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../src/db/entities/audit-log.entity.ts';
import { newId } from '../src/db/entities/base.ts';
import { BonusRecord } from '../src/db/entities/bonus-record.entity.ts';
import { Employee } from '../src/db/entities/employee.entity.ts';
import { Scheme } from '../src/db/entities/scheme.entity.ts';
import { SchemeVersion } from '../src/db/entities/scheme-version.entity.ts';
import { User } from '../src/db/entities/user.entity.ts';
import { hashPassword } from '../src/lib/secrets.ts';
import { proposeBonus } from '../src/modules/ledger/bonus-ledger.service.ts';
import { eventually, startTestStack, type TestStack } from './stack.ts';
import { login } from './thin-slice.ts';

type Body = Record<string, unknown>;

describe('review API through the bonus review workflow (dev server, SQLite)', () => {
  let stack: TestStack;
  let client: Client;
  let manager: Record<string, string>;
  let versionId: string;
  const people: Record<string, string> = {};

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: { ...manager, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Body };
  };

  const propose = async (name: string, period: string) =>
    proposeBonus(stack.engine.orm.em.fork(), {
      schemeVersionId: versionId,
      employeeId: people[name] as string,
      period,
      cause: 'period-close',
      amount: '52000.00',
      currency: 'RUB',
    });

  beforeAll(async () => {
    stack = await startTestStack({ database: 'sqlite' });
    client = stack.temporal;
    const em = stack.engine.orm.em.fork();
    const scheme = (await em.find(Scheme, {})).find((s) => s.name.ru === 'Премия отдела продаж') as Scheme;
    versionId = (await em.findOneOrFail(SchemeVersion, { scheme: scheme.id, version: 1 })).id;
    for (const name of ['Алексей Смирнов', 'Мария Кузнецова', 'Ирина Соколова']) {
      people[name] = (await em.findOneOrFail(Employee, { name })).id;
    }
    em.create(User, {
      id: newId(),
      email: 'irina.manager@yardstick.test',
      name: 'Ирина Соколова',
      passwordHash: await hashPassword('secret-pass-1'),
      role: 'manager',
      employee: people['Ирина Соколова'] as string,
    });
    await em.flush();
    manager = await login(stack.url, 'irina.manager@yardstick.test', 'secret-pass-1');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('decides through the workflow’s update, once; the line is approved and the workflow completes', async () => {
    const { reviewId, bonusRecordId } = await propose('Алексей Смирнов', '2026-09');
    const workflowId = reviewWorkflowId(reviewId as string);
    await client.workflow.start('bonusReviewWorkflow', {
      taskQueue: 'yardstick',
      workflowId,
      args: [{ reviewId }],
    });

    // the workflow answers its query once it has read the review
    const before = await eventually(async () => {
      const shown = await call('GET', `/api/reviews/${reviewId}`);
      return shown.json.workflow ? shown : undefined;
    });
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ status: 'pending', remindersSent: 0, escalatedAt: null });
    expect(before.json.workflow).toMatchObject({
      status: 'pending',
      reviewerRole: 'manager',
      remindersSent: 0,
      escalated: false,
      nextAction: 'remind',
    });

    const blank = await call('POST', `/api/reviews/${reviewId}/adjust`, { amount: '60000.00', reason: '   ' });
    expect(blank.status).toBe(422);

    const approved = await call('POST', `/api/reviews/${reviewId}/approve`, { comment: 'Отличный месяц' });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: 'approved', comment: 'Отличный месяц' });
    expect((approved.json.bonus as Body).status).toBe('approved');

    const handle = client.workflow.getHandle(workflowId);
    expect(await handle.result()).toMatchObject({ status: 'approved' });
    const events = (await handle.fetchHistory()).events ?? [];
    const accepted = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepted.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)).toEqual(
      ['approve'],
    );

    const twice = await call('POST', `/api/reviews/${reviewId}/approve`, {});
    expect(twice.status).toBe(409);
    expect((twice.json.error as Body).code).toBe('review.already_decided');

    const line = await stack.engine.orm.em.fork().findOneOrFail(BonusRecord, { id: bonusRecordId });
    expect(line.status).toBe('approved');
    const after = await call('GET', `/api/reviews/${reviewId}`);
    expect(after.json).toMatchObject({ status: 'approved', workflow: { status: 'approved', nextActionAt: null } });
  });

  it('keeps the API’s refusals: a manager’s own bonus is a 403, a review outside the scope a 404', async () => {
    const own = await propose('Ирина Соколова', '2026-09');
    await client.workflow.start('bonusReviewWorkflow', {
      taskQueue: 'yardstick',
      workflowId: reviewWorkflowId(own.reviewId as string),
      args: [{ reviewId: own.reviewId }],
    });
    const refused = await call('POST', `/api/reviews/${own.reviewId}/approve`, {});
    expect(refused.status).toBe(403);
    expect(await call('GET', '/api/reviews/no-such-review')).toMatchObject({ status: 404 });
  });

  it('loses no decision while the worker is down: the database decides, and the workflow completes once back', async () => {
    const { reviewId, bonusRecordId } = await propose('Мария Кузнецова', '2026-08');
    const workflowId = reviewWorkflowId(reviewId as string);
    await client.workflow.start('bonusReviewWorkflow', { taskQueue: 'yardstick', workflowId, args: [{ reviewId }] });
    await eventually(async () => ((await call('GET', `/api/reviews/${reviewId}`)).json.workflow ? true : undefined));

    await stack.worker.stop();
    // nobody runs the update: after its wait the engine decides in the database
    const approved = await call('POST', `/api/reviews/${reviewId}/approve`, { comment: 'Пока воркер лежал' });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: 'approved', comment: 'Пока воркер лежал' });
    const line = await stack.engine.orm.em.fork().findOneOrFail(BonusRecord, { id: bonusRecordId });
    expect(line.status).toBe('approved');

    await stack.worker.start();
    // back, the workflow finds the review decided and ends with it; the update it was sent meanwhile is refused
    expect(await client.workflow.getHandle(workflowId).result()).toMatchObject({ status: 'approved' });
    const decisions = await stack.engine.orm.em
      .fork()
      .count(AuditLog, { entity: 'review', entityId: reviewId as string, action: 'review.approved' });
    expect(decisions).toBe(1);
  }, 90_000);

  it('decides a review without a workflow directly', async () => {
    const { reviewId } = await propose('Мария Кузнецова', '2026-09');
    const rejected = await call('POST', `/api/reviews/${reviewId}/reject`, { reason: 'Сделки не подтверждены' });
    expect(rejected.status).toBe(200);
    expect(rejected.json).toMatchObject({ status: 'rejected', comment: 'Сделки не подтверждены' });
    const shown = await call('GET', `/api/reviews/${reviewId}`);
    expect(shown.json).toMatchObject({ status: 'rejected', workflow: null });
  });
});
