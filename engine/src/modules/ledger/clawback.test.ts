// The clawback service on SQLite in memory: which paid periods a reversal reaches, and how much comes back when
// several deals of one paid period are reversed one after the other.
import { kpiCoefficients } from '@yardstick/rules';
import type { ClawbackPolicy, Reversal, SchemeDefinition } from '@yardstick/workflows/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/entities/base.ts';
import { BonusRecord } from '../../db/entities/bonus-record.entity.ts';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Evaluation } from '../../db/entities/evaluation.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { Metric } from '../../db/entities/metric.entity.ts';
import { Plan } from '../../db/entities/plan.entity.ts';
import { Scheme } from '../../db/entities/scheme.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { initORM, migrate, type Orm } from '../../db/orm.ts';
import { seed } from '../../db/seed/seed.ts';
import { fromMinor } from '../../lib/money.ts';
import { proposeBonus } from './bonus-ledger.service.ts';
import { applyClawbacks } from './clawback.service.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
let orm: Orm;
let department: string;
let won: string;

beforeAll(async () => {
  orm = await initORM('sqlite::memory:');
  await migrate(orm);
  await seed(orm.em.fork(), { demo: true, adminEmail: 'admin@yardstick.demo', adminPassword: undefined, now: NOW });
  const em = orm.em.fork();
  department = (await em.findOneOrFail(Department, { key: 'moscow-b2b' })).id;
  won = (await em.findOneOrFail(Metric, { key: 'won_amount' })).id;
});

afterAll(async () => {
  await orm?.close();
});

const line = { metric: 'won_amount', weight: 1, threshold: 0.5, cap: 1.5 };

/** A closer (a role no other scheme covers) with a plan of 2,000,000 for October, and a scheme paying for it. */
async function closerWithScheme(options: { clawback?: ClawbackPolicy; status?: 'active' | 'pilot' } = {}) {
  const em = orm.em.fork();
  const employeeId = newId();
  const role = `closer-${employeeId.slice(0, 8)}`;
  em.create(Employee, {
    id: employeeId,
    name: role,
    email: null,
    role,
    department,
    manager: null,
    baseBonusMinor: '6000000',
    hiredOn: null,
    leftOn: null,
  });
  em.create(Plan, {
    id: newId(),
    metric: won,
    period: '2026-10',
    employee: employeeId,
    department: null,
    scopeKey: `employee:${employeeId}`,
    target: '2000000',
  });
  const definition: SchemeDefinition = {
    scope: { departments: [], roles: [role], employees: [] },
    periodKind: 'month',
    alertRules: [],
    kpis: [line],
    payout: kpiCoefficients({ lines: [line], currency: 'RUB' }),
    currency: 'RUB',
    reviewPolicy: { required: false, reviewerRole: 'hr', deadlineDays: 5 },
    clawback: options.clawback ?? { windowDays: 60 },
  };
  const scheme = em.create(Scheme, { id: newId(), name: { en: role, ru: role }, description: null });
  const version = em.create(SchemeVersion, {
    id: newId(),
    scheme: scheme.id,
    version: 1,
    status: options.status ?? 'active',
    effectiveFrom: '2026-10-01',
    effectiveTo: null,
    definition,
    publishedAt: NOW,
  });
  await em.flush();
  return { employeeId, versionId: version.id };
}

async function event(employeeId: string, type: string, deal: string, occurredAt: string, amountMinor = '100000000') {
  const em = orm.em.fork();
  const id = newId();
  em.create(Event, {
    id,
    source: 'demo',
    externalId: `${type}-${deal}-${id}`,
    type,
    occurredAt: new Date(occurredAt),
    employee: employeeId,
    externalEmployeeId: null,
    amountMinor,
    currency: 'RUB',
    attributes: { dealId: deal },
    delivery: null,
    dispatchedAt: new Date(),
  });
  await em.flush();
  return id;
}

async function paid(versionId: string, employeeId: string, amount: string, status: 'approved' | 'proposed') {
  const em = orm.em.fork();
  const { bonusRecordId } = await proposeBonus(em, {
    schemeVersionId: versionId,
    employeeId,
    period: '2026-10',
    cause: 'period-close',
    amount,
    currency: 'RUB',
  });
  if (status === 'proposed') await em.nativeUpdate(BonusRecord, { id: bonusRecordId }, { status });
}

const reversal = (versionId: string, eventId: string, deal: string, occurredAt: string, type = 'deal.lost') =>
  ({ schemeVersionId: versionId, eventId, sourceId: 'demo', deal, type, occurredAt }) satisfies Reversal;

async function clawbacksOf(employeeId: string) {
  const lines = await orm.em
    .fork()
    .find(BonusRecord, { employee: employeeId, kind: 'clawback' }, { orderBy: { cause: 'asc' } });
  return lines.map((l) => ({ period: l.period, cause: l.cause, amount: fromMinor(l.amountMinor, l.currency) }));
}

describe('applyClawbacks', () => {
  it('takes back each reversed deal of a paid period once, counting what was already taken back', async () => {
    const { employeeId, versionId } = await closerWithScheme();
    await event(employeeId, 'deal.won', 'A-1', '2026-10-10T10:00:00Z');
    await event(employeeId, 'deal.won', 'A-2', '2026-10-12T10:00:00Z');
    await paid(versionId, employeeId, '60000.00', 'approved');

    const lostA2 = await event(employeeId, 'deal.lost', 'A-2', '2026-11-03T10:00:00Z');
    const first = await applyClawbacks(orm.em.fork(), {
      employeeId,
      reversals: [reversal(versionId, lostA2, 'A-2', '2026-11-03T10:00:00Z')],
    });
    expect(first).toMatchObject([
      { created: true, deal: 'A-2', paidPeriod: '2026-10', period: '2026-11', amount: '-30000.00' },
    ]);

    // the same reversal again, or another of the same deal in a later month: nothing more
    const again = await applyClawbacks(orm.em.fork(), {
      employeeId,
      reversals: [
        reversal(versionId, lostA2, 'A-2', '2026-11-03T10:00:00Z'),
        reversal(versionId, newId(), 'A-2', '2026-12-01T10:00:00Z', 'deal.reopened'),
      ],
    });
    expect(again).toEqual([]);

    // A-1 lost too: recomputed without both (0), less what is still paid (60,000 − 30,000)
    const lostA1 = await event(employeeId, 'deal.lost', 'A-1', '2026-11-05T10:00:00Z');
    const second = await applyClawbacks(orm.em.fork(), {
      employeeId,
      reversals: [reversal(versionId, lostA1, 'A-1', '2026-11-05T10:00:00Z')],
    });
    expect(second).toMatchObject([{ created: true, deal: 'A-1', amount: '-30000.00' }]);
    expect(await clawbacksOf(employeeId)).toEqual([
      { period: '2026-11', cause: 'clawback:A-1:2026-10', amount: '-30000.00' },
      { period: '2026-11', cause: 'clawback:A-2:2026-10', amount: '-30000.00' },
    ]);
    const evaluation = await orm.em.fork().findOneOrFail(Evaluation, { id: second[0]?.evaluationId });
    expect(evaluation).toMatchObject({
      mode: 'clawback',
      period: '2026-10',
      inputs: {
        excludedDeals: [
          { source: 'demo', deal: 'A-1' },
          { source: 'demo', deal: 'A-2' },
        ],
      },
      outputs: { payout: '0.00', paid: '30000.00' },
    });
  });

  it('tells apart deals lost at the same instant (a bulk action), each with its own recomputation', async () => {
    const { employeeId, versionId } = await closerWithScheme();
    await event(employeeId, 'deal.won', 'F-1', '2026-10-10T10:00:00Z');
    await event(employeeId, 'deal.won', 'F-2', '2026-10-12T10:00:00Z');
    await paid(versionId, employeeId, '60000.00', 'approved');
    const at = '2026-11-03T10:00:00Z';
    const reversals = [
      reversal(versionId, await event(employeeId, 'deal.lost', 'F-2', at), 'F-2', at),
      reversal(versionId, await event(employeeId, 'deal.lost', 'F-1', at), 'F-1', at),
    ];
    const lines = await applyClawbacks(orm.em.fork(), { employeeId, reversals });
    expect(lines.map((l) => [l.deal, l.amount])).toEqual([
      ['F-2', '-30000.00'],
      ['F-1', '-30000.00'],
    ]);
    const evaluations = await orm.em.fork().find(Evaluation, { employee: employeeId, mode: 'clawback' });
    expect(new Set(evaluations.map((e) => e.asOf.toISOString()))).toEqual(
      new Set(['2026-11-03T10:00:00.000Z', '2026-11-03T10:00:00.001Z']),
    );
    expect(new Set(lines.map((l) => l.evaluationId)).size).toBe(2);
    // a retry of the whole run adds nothing
    expect(await applyClawbacks(orm.em.fork(), { employeeId, reversals })).toEqual([]);
    expect(await orm.em.fork().count(Evaluation, { employee: employeeId, mode: 'clawback' })).toBe(2);
  });

  it('leaves alone a win outside the window, an unpaid period, a pilot, and a loss that costs nothing', async () => {
    // won 40 days before the loss, the window is 30
    const late = await closerWithScheme({ clawback: { windowDays: 30 } });
    await event(late.employeeId, 'deal.won', 'B-1', '2026-10-01T10:00:00Z', '400000000');
    await paid(late.versionId, late.employeeId, '90000.00', 'approved');
    const lostLate = await event(late.employeeId, 'deal.lost', 'B-1', '2026-11-10T10:00:00Z');

    // the period's line still waits for its review
    const unpaid = await closerWithScheme();
    await event(unpaid.employeeId, 'deal.won', 'C-1', '2026-10-10T10:00:00Z', '400000000');
    await paid(unpaid.versionId, unpaid.employeeId, '90000.00', 'proposed');
    const lostUnpaid = await event(unpaid.employeeId, 'deal.lost', 'C-1', '2026-11-03T10:00:00Z');

    // a pilot pays nothing, so it claws nothing back
    const pilot = await closerWithScheme({ status: 'pilot' });
    await event(pilot.employeeId, 'deal.won', 'D-1', '2026-10-10T10:00:00Z', '400000000');
    const lostPilot = await event(pilot.employeeId, 'deal.lost', 'D-1', '2026-11-03T10:00:00Z');

    // 4,000,000 won against a plan of 2,000,000 is past the cap (1.5): losing 500,000 of it changes nothing
    const capped = await closerWithScheme();
    await event(capped.employeeId, 'deal.won', 'E-1', '2026-10-10T10:00:00Z', '350000000');
    await event(capped.employeeId, 'deal.won', 'E-2', '2026-10-11T10:00:00Z', '50000000');
    await paid(capped.versionId, capped.employeeId, '90000.00', 'approved');
    const lostCapped = await event(capped.employeeId, 'deal.lost', 'E-2', '2026-11-03T10:00:00Z');

    for (const [who, eventId, deal, at] of [
      [late, lostLate, 'B-1', '2026-11-10T10:00:00Z'],
      [unpaid, lostUnpaid, 'C-1', '2026-11-03T10:00:00Z'],
      [pilot, lostPilot, 'D-1', '2026-11-03T10:00:00Z'],
      [capped, lostCapped, 'E-2', '2026-11-03T10:00:00Z'],
    ] as const) {
      const result = await applyClawbacks(orm.em.fork(), {
        employeeId: who.employeeId,
        reversals: [reversal(who.versionId, eventId, deal, at)],
      });
      expect({ deal, result }).toEqual({ deal, result: [] });
      expect(await clawbacksOf(who.employeeId)).toEqual([]);
    }
    // the capped one was recomputed, and the recomputation is kept
    expect(await orm.em.fork().count(Evaluation, { employee: capped.employeeId, mode: 'clawback' })).toBe(1);
  });
});
