import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/entities/base.ts';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { Metric } from '../../db/entities/metric.entity.ts';
import { Plan } from '../../db/entities/plan.entity.ts';
import { Source } from '../../db/entities/source.entity.ts';
import { initORM, migrate, type Orm } from '../../db/orm.ts';
import { parsePeriod } from '../../domain/period.ts';
import { kpiInputsFor } from './kpi-inputs.ts';

let orm: Orm;
const ids = { dept: newId(), anna: newId(), boris: newId() };

beforeAll(async () => {
  orm = await initORM('sqlite::memory:');
  await migrate(orm);
  const em = orm.em.fork();
  em.create(Source, { id: 'crm', name: 'CRM', kind: 'generic', secret: null, settings: {} });
  em.create(Department, { id: ids.dept, key: 'sales', name: 'Sales', parent: null });
  for (const [id, name] of [
    [ids.anna, 'Anna'],
    [ids.boris, 'Boris'],
  ] as const) {
    em.create(Employee, {
      id,
      name,
      email: null,
      role: 'sales',
      department: ids.dept,
      manager: null,
      baseBonusMinor: '0',
      hiredOn: null,
      leftOn: null,
    });
  }
  await em.flush();
  const event = (
    employee: string,
    type: string,
    occurredAt: string,
    amountMinor: string | null = null,
    attributes: Record<string, unknown> = {},
  ) =>
    em.create(Event, {
      id: newId(),
      source: 'crm',
      externalId: newId(),
      type,
      occurredAt: new Date(occurredAt),
      employee,
      externalEmployeeId: null,
      amountMinor,
      currency: amountMinor ? 'RUB' : null,
      attributes,
      delivery: null,
      dispatchedAt: null,
    });
  // 1 October 00:30 in Moscow is still 30 September in UTC: it belongs to October
  event(ids.anna, 'deal.won', '2026-09-30T21:30:00Z', '10000050');
  event(ids.anna, 'deal.won', '2026-10-15T10:00:00Z', '5000000', { dealId: 'D-15' });
  // 1 November 00:30 in Moscow is 31 October in UTC: it belongs to November
  event(ids.anna, 'deal.won', '2026-10-31T21:30:00Z', '99900000');
  event(ids.anna, 'call.completed', '2026-10-02T10:00:00Z');
  event(ids.anna, 'email.sent', '2026-10-02T11:00:00Z');
  event(ids.boris, 'meeting.held', '2026-10-03T10:00:00Z');
  const metric = (key: string, aggregation: 'count' | 'sum' | 'avg', filter: unknown) =>
    em.create(Metric, {
      id: newId(),
      key,
      name: { en: key, ru: key },
      aggregation,
      field: aggregation === 'count' ? null : 'amount',
      filter,
      unit: 'count',
      direction: 'higher',
    });
  const won = metric('won_amount', 'sum', { '==': [{ var: 'type' }, 'deal.won'] });
  const touches = metric('touches', 'count', {
    in: [{ var: 'type' }, ['call.completed', 'email.sent', 'meeting.held']],
  });
  metric('avg_deal', 'avg', { '==': [{ var: 'type' }, 'deal.won'] });
  await em.flush();
  const plan = (metricId: string, employee: string | null, department: string | null, target: string) =>
    em.create(Plan, {
      id: newId(),
      metric: metricId,
      period: '2026-10',
      employee,
      department,
      team: null,
      scopeKey: employee ? `employee:${employee}` : department ? `department:${department}` : 'company',
      target,
    });
  plan(won.id, ids.anna, null, '200000');
  plan(won.id, null, ids.dept, '100000');
  plan(won.id, null, null, '1');
  plan(touches.id, null, null, '40');
  await em.flush();
});

afterAll(async () => {
  await orm.close();
});

describe('kpiInputsFor', () => {
  it('reads actuals from the metric service in the organization’s time zone, with the nearest plan', async () => {
    const em = orm.em.fork();
    const employees = await em.find(Employee, {}, { orderBy: { name: 'asc' } });
    const metrics = await em.find(Metric, {}, { orderBy: { key: 'asc' } });
    const inputs = await kpiInputsFor(em, employees, metrics, parsePeriod('2026-10'), {
      timeZone: 'Europe/Moscow',
      currency: 'RUB',
    });
    expect(inputs.get(ids.anna)).toEqual({
      avg_deal: { actual: 75000.25, plan: null },
      touches: { actual: 2, plan: 40 },
      won_amount: { actual: 150000.5, plan: 200000 },
    });
    expect(inputs.get(ids.boris)).toEqual({
      // no won deal: an average of nothing is undefined, not 0
      avg_deal: { actual: null, plan: null },
      touches: { actual: 1, plan: 40 },
      won_amount: { actual: 0, plan: 100000 },
    });
  });

  it('leaves out the events of excluded deals (a clawback recomputes a period without the reversed one)', async () => {
    const em = orm.em.fork();
    const employees = await em.find(Employee, { id: ids.anna });
    const metrics = await em.find(Metric, {}, { orderBy: { key: 'asc' } });
    const organization = { timeZone: 'Europe/Moscow', currency: 'RUB' };
    const inputs = await kpiInputsFor(em, employees, metrics, parsePeriod('2026-10'), organization, {
      excludeDeals: [{ source: 'crm', deal: 'D-15' }],
    });
    expect(inputs.get(ids.anna)).toMatchObject({
      avg_deal: { actual: 100000.5 },
      touches: { actual: 2 },
      won_amount: { actual: 100000.5 },
    });
  });
});
