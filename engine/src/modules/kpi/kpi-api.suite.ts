// The KPI API contract (metrics, plans, progress, leaderboard) against the demo company; run on SQLite
// by kpi-api.test.ts and on PostgreSQL by kpi-api.postgres.int.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type InProcessApp, startInProcessApp } from '../../../test/in-process-app.ts';
import { ApiToken } from '../../db/entities/api-token.entity.ts';
import { AuditLog } from '../../db/entities/audit-log.entity.ts';
import { newId } from '../../db/entities/base.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import type { Metric } from '../../db/entities/metric.entity.ts';
import { User } from '../../db/entities/user.entity.ts';
import { isPostgres, type Orm } from '../../db/orm.ts';
import { parsePeriod } from '../../domain/period.ts';
import { sha256Hex } from '../../lib/secrets.ts';
import { computeActuals } from './metric.service.ts';

// the demo history covers the three months up to "now"; a fixed now keeps the figures reproducible
const NOW = new Date('2026-11-20T12:00:00Z');
const PERIOD = '2026-11';

export function kpiApiSuite(label: string, database: Database) {
  describe(`KPI API on ${label}`, () => {
    let orm: Orm;
    let app: InProcessApp;
    const headers: Record<string, Record<string, string>> = {};
    let employees: Employee[];

    beforeAll(async () => {
      app = await startInProcessApp(database, { now: NOW, logLevel: process.env.KPI_TEST_LOG });
      orm = app.orm;
      const em = orm.em.fork();
      employees = await em.find(Employee, {}, { orderBy: { name: 'asc' } });
      const admin = await em.findOneOrFail(User, { role: 'admin' });
      const byCrm = (name: string) => employees.find((e) => e.name === name) as Employee;
      const people = {
        admin: { role: 'admin', employee: null, user: admin.id },
        hr: { role: 'hr', employee: null },
        // Ирина Соколова heads moscow-b2b; Николай Лебедев sells in spb-retail
        manager: { role: 'manager', employee: byCrm('Ирина Соколова').id },
        employee: { role: 'employee', employee: byCrm('Николай Лебедев').id },
      } as const;
      for (const [name, p] of Object.entries(people)) {
        const userId = 'user' in p ? p.user : newId();
        if (!('user' in p)) {
          em.create(User, {
            id: userId,
            email: `${name}@kpi.test`,
            name,
            passwordHash: 'x',
            role: p.role,
            employee: p.employee,
          });
        }
        const token = `ys_test_${name}`;
        em.create(ApiToken, { id: newId(), name, role: p.role, tokenHash: sha256Hex(token), createdBy: userId });
        headers[name] = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      }
      await em.flush();
    });

    afterAll(async () => {
      await app?.stop();
    });

    const call = async (who: string, method: string, path: string, body?: unknown) => {
      const response = await app.call(method, path, headers[who] ?? {}, body);
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    };

    it('defines metrics, refusing duplicate keys (409), unknown fields and metrics (422)', async () => {
      const created = await call('hr', 'POST', '/api/metrics', {
        key: 'avg_deal',
        name: { en: 'Average deal', ru: 'Средняя сделка' },
        aggregation: 'avg',
        field: 'amount',
        filter: { '==': [{ var: 'type' }, 'deal.won'] },
        unit: 'money',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        key: 'avg_deal',
        thresholds: { onTrack: 0.95, atRisk: 0.8 },
        visibility: 'full',
      });

      const again = await call('hr', 'POST', '/api/metrics', {
        ...created.body,
        key: 'avg_deal',
        id: undefined,
        createdAt: undefined,
        updatedAt: undefined,
        params: undefined,
        thresholds: undefined,
      });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'metric.key_taken', details: { key: 'avg_deal' } });

      const badFilter = await call('hr', 'POST', '/api/metrics', {
        key: 'bad_filter',
        name: { en: 'x', ru: 'x' },
        aggregation: 'count',
        filter: { '==': [{ var: 'stage' }, 'won'] },
        unit: 'count',
      });
      expect(badFilter.status).toBe(422);
      expect(badFilter.body.error.details[0].path).toBe('/filter/==/0/var');

      const badRatio = await call('hr', 'POST', '/api/metrics', {
        key: 'bad_ratio',
        name: { en: 'x', ru: 'x' },
        aggregation: 'ratio',
        params: { numerator: 'deals_won', denominator: 'nope' },
        unit: 'percent',
      });
      expect(badRatio.status).toBe(422);
      expect(badRatio.body.error.details).toEqual([{ path: '/params/denominator', message: expect.any(String) }]);

      const badFormula = await call('hr', 'POST', '/api/metrics', {
        key: 'bad_formula',
        name: { en: 'x', ru: 'x' },
        aggregation: 'formula',
        params: { rule: { '+': [{ var: 'kpi.nope.actual' }, 1] } },
        unit: 'count',
      });
      expect(badFormula.status).toBe(422);

      expect((await call('employee', 'POST', '/api/metrics', created.body)).status).toBe(403);
      expect((await call('employee', 'GET', '/api/metrics')).status).toBe(200);
    });

    it('refuses to delete a metric that plans or other metrics use (409), deletes an unused one', async () => {
      const used = await call('admin', 'DELETE', '/api/metrics/won_amount');
      expect(used.status).toBe(409);
      expect(used.body.error.code).toBe('metric.in_use');
      const part = await call('admin', 'DELETE', '/api/metrics/deals_created');
      expect(part.status).toBe(409);
      expect(part.body.error.details.metrics).toEqual(['conversion']);
      expect((await call('admin', 'DELETE', '/api/metrics/avg_deal')).status).toBe(204);
      expect((await call('admin', 'GET', '/api/metrics/avg_deal')).status).toBe(404);
    });

    it('sets plans per scope, 409 on a repeat, bulk-upserts a period, and audits every change', async () => {
      const dept = employees[0]?.department as string;
      const plan = await call('hr', 'POST', '/api/plans', {
        metric: 'calls',
        period: '2026-12',
        scope: `department:${dept}`,
        target: '900',
      });
      expect(plan.status).toBe(201);
      expect(plan.body).toMatchObject({ metric: 'calls', scope: `department:${dept}`, target: '900' });
      const repeat = await call('hr', 'POST', '/api/plans', {
        metric: 'calls',
        period: '2026-12',
        scope: `department:${dept}`,
        target: '1',
      });
      expect(repeat.status).toBe(409);
      expect(repeat.body.error.details).toEqual({ metric: 'calls', period: '2026-12', scope: `department:${dept}` });
      const unknown = await call('hr', 'POST', '/api/plans', {
        metric: 'calls',
        period: '2026-12',
        scope: 'team:nope',
        target: '1',
      });
      expect(unknown.status).toBe(422);

      const rep = employees.find((e) => e.name === 'Николай Лебедев') as Employee;
      const bulk = await call('hr', 'PUT', '/api/plans/bulk', {
        period: '2026-12',
        items: [
          { metric: 'calls', scope: `department:${dept}`, target: '950.5' },
          { metric: 'calls', scope: `employee:${rep.id}`, target: '150' },
          { metric: 'won_amount', scope: 'company', target: '30000000.00' },
        ],
      });
      expect(bulk.status).toBe(200);
      expect(bulk.body).toMatchObject({ created: 2, updated: 1, unchanged: 0 });
      expect(bulk.body.items.map((p: { target: string }) => p.target)).toEqual(['950.5', '150', '30000000']);

      const badBulk = await call('hr', 'PUT', '/api/plans/bulk', {
        period: '2026-12',
        items: [
          { metric: 'calls', scope: 'company', target: '1' },
          { metric: 'nope', scope: 'company', target: '1' },
        ],
      });
      expect(badBulk.status).toBe(422);
      expect(badBulk.body.error.details).toEqual([{ path: '/items/1/metric', message: 'no metric with key "nope"' }]);
      // nothing half-written: the valid row of the refused table is not there
      const company = await call('hr', 'GET', '/api/plans?period=2026-12&scope=company');
      expect(company.body.items.map((p: { metric: string }) => p.metric)).toEqual(['won_amount']);

      const audit = await orm.em
        .fork()
        .find(AuditLog, { entity: 'plan', entityId: plan.body.id }, { orderBy: { at: 'asc' } });
      expect(audit.map((a) => a.action)).toEqual(['plan.create', 'plan.update']);
      expect(audit[1]?.before).toMatchObject({ target: '900' });
      expect(audit[1]?.after).toMatchObject({ target: '950.5' });

      // managers read their departments' plans only; employees may not read plans
      const asManager = await call('manager', 'GET', '/api/plans?period=2026-11');
      expect(asManager.status).toBe(200);
      const manager = employees.find((e) => e.name === 'Ирина Соколова') as Employee;
      const own = new Set(employees.filter((e) => e.department === manager.department).map((e) => `employee:${e.id}`));
      expect(asManager.body.items.length).toBeGreaterThan(0);
      expect(asManager.body.items.every((p: { scope: string }) => own.has(p.scope))).toBe(true);
      expect((await call('employee', 'GET', '/api/plans')).status).toBe(403);
    });

    it('reports progress for the demo month: money as decimal strings, a ratio, a mix of statuses', async () => {
      const progress = await call('admin', 'GET', `/api/progress?period=${PERIOD}&asOf=2026-11-20`);
      expect(progress.status).toBe(200);
      const body = progress.body;
      // November 2026 in Russia: 20 working days (4 November is a holiday); 14 of them by the 20th
      expect(body.calendar).toMatchObject({ workingDays: 20, elapsed: 14, asOf: '2026-11-20' });
      const rows = body.items as {
        employee: { id: string };
        metric: string;
        actual: unknown;
        plan: unknown;
        status: string | null;
        attainment: number;
        pace: number;
        forecast: unknown;
      }[];
      const won = rows.filter((r) => r.metric === 'won_amount' && r.plan !== null);
      expect(won).toHaveLength(13);
      for (const r of won) {
        expect(r.actual).toMatch(/^\d+\.\d{2}$/);
        expect(r.pace).toBe(0.7);
      }
      const statuses = new Set(rows.map((r) => r.status).filter(Boolean));
      expect([...statuses].sort()).toEqual(['at_risk', 'off_track', 'on_track']);
      const get = (id: string, metric: string) => rows.find((r) => r.employee.id === id && r.metric === metric);
      for (const r of won) {
        const conversion = get(r.employee.id, 'conversion');
        const wonDeals = get(r.employee.id, 'deals_won')?.actual as number;
        const created = get(r.employee.id, 'deals_created')?.actual as number;
        expect(conversion?.actual).toBeCloseTo(wonDeals / created, 4);
        // a rate is expected at plan from day one, so its pace is 1
        expect(conversion?.pace).toBe(1);
      }

      // the actual matches the events in the period, summed exactly
      const first = won[0] as (typeof won)[number];
      const events = await orm.em.fork().find(Event, {
        employee: first.employee.id,
        type: 'deal.won',
        occurredAt: { $gte: new Date('2026-10-31T21:00:00Z'), $lt: new Date('2026-11-30T21:00:00Z') },
      });
      const sum = events.reduce((s, e) => s + BigInt(e.amountMinor ?? '0'), 0n);
      expect(first.actual).toBe(`${sum / 100n}.${String(sum % 100n).padStart(2, '0')}`);
      expect(Number(first.forecast)).toBeCloseTo(Number(first.actual) / 0.7, 1);
    });

    it('limits progress to what the caller may see (403 outside it)', async () => {
      const manager = employees.find((e) => e.name === 'Ирина Соколова') as Employee;
      const mine = await call('manager', 'GET', `/api/progress?period=${PERIOD}&asOf=2026-11-20&metric=calls`);
      expect(mine.status).toBe(200);
      const departments = new Set(
        mine.body.items.map((r: { employee: { department: string } }) => r.employee.department),
      );
      expect([...departments]).toEqual([manager.department]);
      const other = employees.find((e) => e.department !== manager.department) as Employee;
      expect((await call('manager', 'GET', `/api/progress?period=${PERIOD}&scope=employee:${other.id}`)).status).toBe(
        403,
      );
      expect((await call('manager', 'GET', `/api/progress?period=${PERIOD}&scope=company`)).status).toBe(403);

      const self = await call('employee', 'GET', `/api/progress?period=${PERIOD}&asOf=2026-11-20`);
      expect(self.status).toBe(200);
      expect(new Set(self.body.items.map((r: { employee: { name: string } }) => r.employee.name))).toEqual(
        new Set(['Николай Лебедев']),
      );
      expect((await call('employee', 'GET', `/api/progress?period=nope`)).status).toBe(422);
    });

    it('prorates the plan of an employee who joined mid-period by working days', async () => {
      const em = orm.em.fork();
      const rep = await em.findOneOrFail(Employee, { name: 'Андрей Егоров' });
      rep.hiredOn = '2026-11-16';
      await em.flush();
      try {
        const progress = await call(
          'admin',
          'GET',
          `/api/progress?period=${PERIOD}&scope=employee:${rep.id}&metric=calls&asOf=2026-11-20`,
        );
        const row = progress.body.items[0];
        // 11 of November's 20 working days from the 16th: 150 × 11 / 20; 5 of the 11 passed by the 20th
        expect(row).toMatchObject({
          proration: 0.55,
          plan: 82.5,
          pace: 0.4545,
        });
        const none = await call(
          'admin',
          'GET',
          `/api/progress?period=${PERIOD}&scope=employee:${rep.id}&metric=calls&asOf=2026-11-20&proration=none`,
        );
        expect(none.body.items[0].plan).toBe(150);
      } finally {
        rep.hiredOn = '2024-02-01';
        await em.flush();
      }
    });

    it('totals team, department and company plans over their members', async () => {
      const dept = employees[0]?.department as string;
      await call('hr', 'POST', '/api/plans', {
        metric: 'deals_won',
        period: PERIOD,
        scope: `department:${dept}`,
        target: '60',
      });
      const progress = await call('admin', 'GET', `/api/progress?period=${PERIOD}&metric=deals_won&asOf=2026-11-20`);
      const group = progress.body.groups.find((g: { scope: string }) => g.scope === `department:${dept}`);
      const members = progress.body.items.filter(
        (r: { employee: { department: string } }) => r.employee.department === dept,
      );
      expect(group.actual).toBe(members.reduce((s: number, r: { actual: number }) => s + r.actual, 0));
      expect(group.plan).toBe(60);
    });

    it('ranks the leaderboard; employees see quartile bands or only their own row as the metric says', async () => {
      const full = await call('admin', 'GET', `/api/leaderboard?metric=won_amount&period=${PERIOD}&asOf=2026-11-20`);
      expect(full.status).toBe(200);
      const values = full.body.items.map((r: { actual: string }) => Number(r.actual));
      expect(values).toEqual([...values].sort((a, b) => b - a));
      expect(full.body.items[0]).toMatchObject({ rank: 1, band: 'q1' });

      const peers = await call(
        'employee',
        'GET',
        `/api/leaderboard?metric=won_amount&period=${PERIOD}&asOf=2026-11-20`,
      );
      expect(peers.status).toBe(200);
      expect(peers.body.items.length).toBe(7); // the spb-retail department: its head and six reps
      expect(peers.body.items.filter((r: { rank: number | null }) => r.rank !== null).length).toBe(7);

      await call('hr', 'PATCH', '/api/metrics/won_amount', { visibility: 'bands' });
      const bands = await call(
        'employee',
        'GET',
        `/api/leaderboard?metric=won_amount&period=${PERIOD}&asOf=2026-11-20`,
      );
      expect(bands.body.visibility).toBe('bands');
      expect(bands.body.items.every((r: { rank: number | null }) => r.rank === null)).toBe(true);
      const others = bands.body.items.filter(
        (r: { employee: { name: string } }) => r.employee.name !== 'Николай Лебедев',
      );
      expect(others.every((r: { actual: unknown }) => r.actual === null)).toBe(true);

      await call('hr', 'PATCH', '/api/metrics/won_amount', { visibility: 'hidden' });
      const hidden = await call(
        'employee',
        'GET',
        `/api/leaderboard?metric=won_amount&period=${PERIOD}&asOf=2026-11-20`,
      );
      expect(hidden.body.items.map((r: { employee: { name: string } }) => r.employee.name)).toEqual([
        'Николай Лебедев',
      ]);
      await call('hr', 'PATCH', '/api/metrics/won_amount', { visibility: 'full' });

      const otherDept = employees.find((e) => e.name === 'Ирина Соколова') as Employee;
      expect(
        (
          await call(
            'employee',
            'GET',
            `/api/leaderboard?metric=won_amount&period=${PERIOD}&scope=department:${otherDept.department}`,
          )
        ).status,
      ).toBe(403);
    });

    it('ranks by a scheme’s weighted KPI as its payout weighs it, shown to employees as the scheme says', async () => {
      const schemes = await call('admin', 'GET', '/api/schemes');
      const scheme = schemes.body.items.find((x: { name: { ru: string } }) => x.name.ru === 'Премия отдела продаж');
      const url = `/api/leaderboard?scheme=${scheme.id}&period=${PERIOD}&asOf=2026-11-20`;
      const board = await call('admin', 'GET', url);
      expect(board.status).toBe(200);
      expect(board.body).toMatchObject({ metric: 'kpi', scheme: { id: scheme.id, version: 1 }, visibility: 'full' });
      // everyone the scheme covers; the heads of sales have no plans, so no score and no rank
      expect(board.body.items).toHaveLength(15);
      const scored = board.body.items.filter((r: { attainment: number | null }) => r.attainment !== null);
      expect(scored).toHaveLength(13);
      const scores = scored.map((r: { attainment: number }) => r.attainment);
      expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
      expect(board.body.items.slice(13).every((r: { rank: number | null }) => r.rank === null)).toBe(true);

      // the leader's score is Σ weight × achievement over the demo card: won 50% (80%..120%), deals 20% (50%..150%),
      // calls 30% (70%..110%)
      const leader = board.body.items[0];
      const progress = await call(
        'admin',
        'GET',
        `/api/progress?period=${PERIOD}&asOf=2026-11-20&scope=employee:${leader.employee.id}&metric=won_amount,deals_won,calls`,
      );
      const attainment = (key: string) =>
        progress.body.items.find((i: { metric: string }) => i.metric === key).attainment as number;
      const achievement = (a: number, threshold: number, cap: number) => (a < threshold ? 0 : Math.min(a, cap));
      const expected =
        0.5 * achievement(attainment('won_amount'), 0.8, 1.2) +
        0.2 * achievement(attainment('deals_won'), 0.5, 1.5) +
        0.3 * achievement(attainment('calls'), 0.7, 1.1);
      expect(leader.attainment).toBeCloseTo(expected, 3);
      expect(leader).toMatchObject({ rank: 1, band: 'q1', actual: null });

      // the demo scheme shows employees rank bands: their own score, nobody's rank or score
      const peers = await call('employee', 'GET', url);
      expect(peers.body.visibility).toBe('bands');
      expect(peers.body.items).toHaveLength(7);
      expect(peers.body.items.every((r: { rank: number | null }) => r.rank === null)).toBe(true);
      const own = peers.body.items.find((r: { employee: { name: string } }) => r.employee.name === 'Николай Лебедев');
      expect(own.attainment).not.toBeNull();
      expect(
        peers.body.items
          .filter((r: { attainment: number | null }) => r.attainment !== null)
          .map((r: { employee: { name: string } }) => r.employee.name),
      ).toEqual(['Николай Лебедев']);

      const neither = await call('admin', 'GET', `/api/leaderboard?period=${PERIOD}`);
      expect(neither.status).toBe(422);
      const both = await call('admin', 'GET', `/api/leaderboard?metric=calls&scheme=${scheme.id}&period=${PERIOD}`);
      expect(both.status).toBe(422);
      expect((await call('admin', 'GET', `/api/leaderboard?scheme=nope&period=${PERIOD}`)).status).toBe(404);
    });

    it('lists every KPI route in the OpenAPI document with its error responses', async () => {
      const doc = (await (await app.app.request('/openapi.json')).json()) as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      };
      for (const [path, method] of [
        ['/api/metrics', 'post'],
        ['/api/metrics/{id}', 'delete'],
        ['/api/plans', 'post'],
        ['/api/plans/bulk', 'put'],
        ['/api/progress', 'get'],
        ['/api/leaderboard', 'get'],
      ] as const) {
        expect(Object.keys(doc.paths[path]?.[method]?.responses ?? {})).toEqual(
          expect.arrayContaining(['401', '403', '422']),
        );
      }
      expect(Object.keys(doc.paths['/api/plans']?.post?.responses ?? {})).toContain('409');
    });

    it('computes the same actuals in SQL and in the streaming pass', async () => {
      const em = orm.em.fork();
      const rep = employees.find((e) => e.name === 'Мария Кузнецова') as Employee;
      const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, day, hour));
      const rows = [
        { type: 'deal.created', day: 2, attributes: { deal: 'A', dealId: 'A', stage: 'new', score: 3 } },
        { type: 'deal.created', day: 3, attributes: { deal: 'B', dealId: 'B', stage: 'new', score: 7.5 } },
        { type: 'deal.won', day: 6, amount: '1234567', attributes: { deal: 'A', dealId: 'A', stage: 'won', score: 9 } },
        { type: 'deal.won', day: 12, amount: '50001', attributes: { deal: 'B', dealId: 'B', stage: 'won' } },
        { type: 'deal.lost', day: 13, amount: '99900', attributes: { deal: 'C', dealId: 'C', stage: null, score: -1 } },
      ];
      for (const [i, r] of rows.entries()) {
        em.create(Event, {
          id: newId(),
          source: 'demo',
          externalId: `parity-${i}`,
          type: r.type,
          occurredAt: at(r.day),
          employee: rep.id,
          externalEmployeeId: null,
          amountMinor: r.amount ?? null,
          currency: r.amount ? 'RUB' : null,
          attributes: r.attributes,
          delivery: null,
          dispatchedAt: new Date(),
        });
      }
      await em.flush();
      const metric = (key: string, m: Partial<Metric>): Metric =>
        ({
          id: key,
          key,
          name: { en: key, ru: key },
          unit: 'count',
          direction: 'higher',
          field: null,
          filter: null,
          params: null,
          thresholds: null,
          visibility: 'full',
          ...m,
        }) as Metric;
      const filters: unknown[] = [
        { '==': [{ var: 'type' }, 'deal.won'] },
        { in: [{ var: 'type' }, ['deal.won', 'deal.lost']] },
        { and: [{ '>=': [{ var: 'amount' }, 500] }, { '!=': [{ var: 'currency' }, 'USD'] }] },
        { '<': [{ var: 'amount' }, 1000] },
        { '==': [{ var: 'attributes.stage' }, 'won'] },
        { '!': { '==': [{ var: 'attributes.stage' }, 'won'] } },
        { or: [{ '>': [{ var: 'attributes.score' }, 5] }, { '==': [{ var: 'attributes.stage' }, null] }] },
        { '<=': [{ var: 'attributes.score' }, 3] },
        { '>=': [{ var: 'occurredAt' }, '2026-11-06T00:00:00.000Z'] },
        { '!=': [{ var: 'amount' }, 500.01] },
        // outside the SQL subset: both runs take the streaming pass for this one
        { '==': [{ substr: [{ var: 'type' }, 0, 4] }, 'deal'] },
      ];
      const metrics = filters.flatMap((filter, i) => [
        metric(`c${i}`, { aggregation: 'count', filter }),
        metric(`s${i}`, { aggregation: 'sum', field: 'amount', unit: 'money', filter }),
        metric(`a${i}`, { aggregation: 'avg', field: 'attributes.score', filter }),
        metric(`d${i}`, { aggregation: 'distinct', field: 'attributes.deal', filter }),
      ]);
      metrics.push(
        metric('cycle', {
          aggregation: 'duration',
          filter: { '==': [{ var: 'type' }, 'deal.won'] },
          params: { startType: 'deal.created', endType: 'deal.won', key: 'attributes.deal', unit: 'hours' },
        }),
        metric('cycle_days', {
          aggregation: 'duration',
          params: { startType: 'deal.created', endType: 'deal.won', key: 'attributes.deal', unit: 'days' },
        }),
        metric('rate', { aggregation: 'ratio', params: { numerator: 'c0', denominator: 'c1' } }),
        metric('mix', {
          aggregation: 'formula',
          params: { rule: { '+': [{ var: 'kpi.c0.actual' }, { '*': [2, { var: 'kpi.d4.actual' }] }] } },
        }),
      );
      const catalog = new Map(metrics.map((m) => [m.key, m]));
      const request = {
        catalog,
        keys: metrics.map((m) => m.key),
        period: parsePeriod(PERIOD),
        timeZone: 'Europe/Moscow',
        currency: 'RUB',
        dialect: isPostgres(orm) ? ('postgresql' as const) : ('sqlite' as const),
        employeeIds: [rep.id],
      };
      const sql = await computeActuals(em, request);
      const streamed = await computeActuals(em, { ...request, forceStreaming: true, batchSize: 7 });
      for (const key of request.keys) {
        expect({ key, ...streamed.get(key)?.forEmployee(rep.id) }).toEqual({
          key,
          ...sql.get(key)?.forEmployee(rep.id),
        });
      }
      // the deal cycles: A 4 days, B 9 days (both created and won at 10:00 UTC)
      expect(sql.get('cycle')?.forEmployee(rep.id).value).toBe((4 * 24 + 9 * 24) / 2);
      expect(sql.get('cycle_days')?.forEmployee(rep.id).value).toBe(6.5);

      // leaving deal A out (as a clawback does) gives the same figures both ways, as if A had never happened
      const withoutA = { ...request, excludeDeals: [{ source: 'demo', deal: 'A' }] };
      const sqlWithoutA = await computeActuals(em, withoutA);
      const streamedWithoutA = await computeActuals(em, { ...withoutA, forceStreaming: true, batchSize: 2 });
      for (const key of request.keys) {
        expect({ key, ...streamedWithoutA.get(key)?.forEmployee(rep.id) }).toEqual({
          key,
          ...sqlWithoutA.get(key)?.forEmployee(rep.id),
        });
      }
      // A's win (12,345.67) is gone; the demo history's wins (no deal attribute) stay
      const won = sql.get('c0')?.forEmployee(rep.id).value as number;
      expect(sqlWithoutA.get('c0')?.forEmployee(rep.id).value).toBe(won - 1);
      expect(
        Math.round(
          ((sql.get('s0')?.forEmployee(rep.id).value as number) -
            (sqlWithoutA.get('s0')?.forEmployee(rep.id).value as number)) *
            100,
        ),
      ).toBe(1234567);
      expect(sqlWithoutA.get('cycle')?.forEmployee(rep.id).value).toBe(9 * 24);
      // a deal of the same id from another source is another deal: nothing is left out
      const otherSource = await computeActuals(em, { ...request, excludeDeals: [{ source: 'elsewhere', deal: 'A' }] });
      expect(otherSource.get('c0')?.forEmployee(rep.id).value).toBe(won);
      await em.nativeDelete(Event, { externalId: { $like: 'parity-%' } });
    });
  });
}
