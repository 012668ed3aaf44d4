// The schemes and ledger API as a user meets it, run against SQLite (ledger-api.test.ts) and a real
// PostgreSQL (ledger-api.int.test.ts): versions and their publish gate, simulation, reviews, the
// bonus ledger, the payroll CSV and statements, with the access each role has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type Headers, type InProcessApp, startInProcessApp } from '../../../test/in-process-app.ts';
import { AuditLog } from '../../db/entities/audit-log.entity.ts';
import { newId } from '../../db/entities/base.ts';
import { BonusRecord } from '../../db/entities/bonus-record.entity.ts';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Evaluation } from '../../db/entities/evaluation.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { Review } from '../../db/entities/review.entity.ts';
import { Scheme } from '../../db/entities/scheme.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import type { UserRole } from '../../db/entities/user.entity.ts';
import type { Orm } from '../../db/orm.ts';
import { DEMO_SCHEME_DEFINITION } from '../../db/seed/demo-data.ts';
import { proposeBonus, recordEvaluation } from './bonus-ledger.service.ts';

interface Body {
  [key: string]: unknown;
}

/** the demo history ends on this day; October 2026 has events and plans */
const NOW = new Date('2026-10-20T09:00:00Z');

export function describeLedgerApi(label: string, database: Database): void {
  describe(`schemes and ledger API (${label})`, () => {
    let orm: Orm;
    let app: InProcessApp;
    const as: Record<string, Headers> = {};
    const people: Record<string, { id: string; department: string }> = {};

    const call = async (method: string, path: string, headers: Headers, body?: unknown) => {
      const response = await app.call(method, path, headers, body);
      // keep a byte order mark visible: the export must start with one
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
      let json: Body = {};
      try {
        json = JSON.parse(text) as Body;
      } catch {}
      return { status: response.status, json, text, headers: response.headers };
    };

    const signIn = (role: UserRole, employeeName: string | null): Promise<Headers> => app.signInAs(role, employeeName);

    beforeAll(async () => {
      app = await startInProcessApp(database, { now: NOW });
      orm = app.orm;
      as.admin = await signIn('admin', null);
      as.hr = await signIn('hr', null);
      as.viewer = await signIn('viewer', null);
      as.moscowManager = await signIn('manager', 'Ирина Соколова');
      as.spbManager = await signIn('manager', 'Елена Волкова');
      as.alexey = await signIn('employee', 'Алексей Смирнов');
      const em = orm.em.fork();
      for (const name of ['Алексей Смирнов', 'Мария Кузнецова', 'Николай Лебедев', 'Ирина Соколова']) {
        const e = await em.findOneOrFail(Employee, { name });
        people[name] = { id: e.id, department: e.department };
      }
    });

    afterAll(async () => {
      await app?.stop();
    });

    const demoScheme = async () =>
      (await orm.em.fork().find(Scheme, {})).find((s) => s.name.ru === 'Премия отдела продаж') as Scheme;
    const definition = (overrides: Body = {}) => ({ ...structuredClone(DEMO_SCHEME_DEFINITION), ...overrides });
    const counts = async () => {
      const em = orm.em.fork();
      return {
        evaluations: await em.count(Evaluation, {}),
        bonuses: await em.count(BonusRecord, {}),
        reviews: await em.count(Review, {}),
        audit: await em.count(AuditLog, {}),
        versions: await em.count(SchemeVersion, {}),
      };
    };

    describe('schemes and versions', () => {
      it('creates and renames a scheme, adds immutable draft versions, and audits every change', async () => {
        const created = await call('POST', '/api/schemes', as.hr as Headers, {
          name: { en: 'Retail bonus', ru: 'Премия розницы' },
        });
        expect(created.status).toBe(201);
        const id = created.json.id as string;

        const renamed = await call('PATCH', `/api/schemes/${id}`, as.hr as Headers, {
          name: { en: 'Retail bonus 2027', ru: 'Премия розницы 2027' },
        });
        expect(renamed.status).toBe(200);
        expect(renamed.json.name).toEqual({ en: 'Retail bonus 2027', ru: 'Премия розницы 2027' });

        const first = await call('POST', `/api/schemes/${id}/versions`, as.hr as Headers, {
          effectiveFrom: '2026-11-01',
          definition: definition(),
        });
        expect(first.status).toBe(201);
        expect(first.json).toMatchObject({ version: 1, status: 'draft', effectiveFrom: '2026-11-01' });
        const second = await call('POST', `/api/schemes/${id}/versions`, as.hr as Headers, {
          effectiveFrom: '2026-12-01',
          definition: definition({ leaderboard: 'ranks' }),
        });
        expect(second.json).toMatchObject({ version: 2, status: 'draft' });

        const scheme = await call('GET', `/api/schemes/${id}`, as.viewer as Headers);
        expect(scheme.status).toBe(200);
        expect((scheme.json.versions as Body[]).map((v) => [v.version, v.status])).toEqual([
          [1, 'draft'],
          [2, 'draft'],
        ]);
        const v1 = await call('GET', `/api/schemes/${id}/versions/1`, as.viewer as Headers);
        expect((v1.json.definition as Body).leaderboard).toBe('bands');

        const audit = await orm.em.fork().find(AuditLog, { entity: { $in: ['scheme', 'scheme_version'] } });
        expect(audit.map((a) => a.action)).toEqual(
          expect.arrayContaining(['scheme.create', 'scheme.rename', 'scheme_version.create']),
        );
        expect(audit.find((a) => a.action === 'scheme.rename')?.before).toMatchObject({
          name: { en: 'Retail bonus' },
        });
      });

      it('refuses malformed versions with 422 and JSON paths, unknown schemes with 404, and writers by role', async () => {
        const scheme = await call('POST', '/api/schemes', as.admin as Headers, { name: { en: 'X', ru: 'X' } });
        const bad = await call('POST', `/api/schemes/${scheme.json.id}/versions`, as.admin as Headers, {
          effectiveFrom: '2026-13-01',
          definition: definition({ kpis: [{ metric: 'calls', weight: 2, threshold: 0.5, cap: 1.1 }] }),
        });
        expect(bad.status).toBe(422);
        expect(((bad.json.error as Body).details as Body[]).map((d) => d.path)).toEqual(
          expect.arrayContaining(['/effectiveFrom', '/definition/kpis/0/weight']),
        );
        const missing = await call('POST', '/api/schemes/nope/versions', as.admin as Headers, {
          effectiveFrom: '2026-11-01',
          definition: definition(),
        });
        expect(missing.status).toBe(404);
        expect(
          (await call('POST', '/api/schemes', as.moscowManager as Headers, { name: { en: 'M', ru: 'M' } })).status,
        ).toBe(403);
        expect((await call('GET', '/api/schemes', as.alexey as Headers)).status).toBe(403);
        expect((await call('GET', '/api/schemes', as.moscowManager as Headers)).status).toBe(200);
      });
    });

    describe('publishing', () => {
      async function draft(def: Body): Promise<string> {
        const scheme = await call('POST', '/api/schemes', as.hr as Headers, { name: { en: 'P', ru: 'П' } });
        const id = scheme.json.id as string;
        expect(
          (
            await call('POST', `/api/schemes/${id}/versions`, as.hr as Headers, {
              effectiveFrom: '2026-11-01',
              definition: def,
            })
          ).status,
        ).toBe(201);
        return id;
      }

      it('names the invalid rule and its JSON pointer, and publishes nothing', async () => {
        const id = await draft(
          definition({
            payout: { money: [{ '*': [{ var: 'kpi.nps.actual' }, { frobnicate: [1] }] }, 'RUB'] },
            kpis: [
              { metric: 'won_amount', weight: 0.6, threshold: 0.8, cap: 1.2 },
              { metric: 'calls', weight: 0.3, threshold: 0.7, cap: 1.1 },
            ],
          }),
        );
        const response = await call('POST', `/api/schemes/${id}/versions/1/publish`, as.hr as Headers, {
          status: 'active',
        });
        expect(response.status).toBe(422);
        const error = response.json.error as { code: string; details: { path: string; code: string }[] };
        expect(error.code).toBe('scheme.invalid_rules');
        expect(error.details).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ path: '/payout/money/0/*/0/var', code: 'rule.unknown_kpi' }),
            expect.objectContaining({ path: '/payout/money/0/*/1/frobnicate', code: 'rule.unknown_operation' }),
            expect.objectContaining({ path: '/kpis', code: 'rule.weights_sum' }),
          ]),
        );
        const version = await call('GET', `/api/schemes/${id}/versions/1`, as.hr as Headers);
        expect(version.json.status).toBe('draft');
      });

      it('checks the clawback policy on publish, each problem with its JSON pointer', async () => {
        const id = await draft(
          definition({ clawback: { windowDays: 0.5, events: ['deal.lost', 'Deal Lost', 'deal.won', 'deal.lost'] } }),
        );
        const response = await call('POST', `/api/schemes/${id}/versions/1/publish`, as.hr as Headers, {
          status: 'active',
        });
        expect(response.status).toBe(422);
        const error = response.json.error as { code: string; details: { path: string; code: string }[] };
        expect(error.code).toBe('scheme.invalid_rules');
        expect(error.details.map((d) => [d.path, d.code])).toEqual([
          ['/clawback/windowDays', 'clawback.invalid_window'],
          ['/clawback/events/1', 'clawback.invalid_event'],
          ['/clawback/events/2', 'clawback.invalid_event'],
          ['/clawback/events/3', 'clawback.invalid_event'],
        ]);
        expect((await call('GET', `/api/schemes/${id}/versions/1`, as.hr as Headers)).json.status).toBe('draft');

        const sound = await draft(definition({ clawback: { windowDays: 90, events: ['deal.refunded'] } }));
        const published = await call('POST', `/api/schemes/${sound}/versions/1/publish`, as.hr as Headers, {
          status: 'pilot',
        });
        expect(published.status).toBe(200);
        const stored = await call('GET', `/api/schemes/${sound}/versions/1`, as.hr as Headers);
        expect((stored.json.definition as Body).clawback).toEqual({ windowDays: 90, events: ['deal.refunded'] });
      });

      it('names the failed golden case with expected and actual payout and the trace', async () => {
        const cases = structuredClone(DEMO_SCHEME_DEFINITION.goldenCases ?? []);
        (cases[1] as { expected: { payout: string } }).expected.payout = '30000.00';
        const id = await draft(definition({ goldenCases: cases }));
        const response = await call('POST', `/api/schemes/${id}/versions/1/publish`, as.hr as Headers, {
          status: 'pilot',
        });
        expect(response.status).toBe(422);
        const error = response.json.error as { code: string; message: string; details: Body[] };
        expect(error.code).toBe('scheme.golden_case_failed');
        expect(error.message).toContain('won amount below its threshold');
        expect(error.details).toHaveLength(1);
        expect(error.details[0]).toMatchObject({
          path: '/goldenCases/1',
          case: 'won amount below its threshold',
          expected: { payout: '30000.00', currency: 'RUB' },
          actual: { payout: '22500.00', currency: 'RUB' },
        });
        const [failed] = error.details as [{ explanation: { en: string }; trace: Body }];
        expect(failed.explanation.en).toMatch(/^money = "22500.00"/);
        expect(failed.trace.op).toBe('money');
      });

      it('moves a version draft → pilot → active, archives the active one it replaces, and refuses other moves', async () => {
        const id = await draft(definition());
        expect(
          (
            await call('POST', `/api/schemes/${id}/versions`, as.hr as Headers, {
              effectiveFrom: '2026-12-01',
              definition: definition(),
            })
          ).status,
        ).toBe(201);
        expect(
          (
            await call('POST', `/api/schemes/${id}/versions/1/publish`, as.moscowManager as Headers, {
              status: 'active',
            })
          ).status,
        ).toBe(403);

        const pilot = await call('POST', `/api/schemes/${id}/versions/1/publish`, as.hr as Headers, {
          status: 'pilot',
        });
        expect(pilot.status).toBe(200);
        expect(pilot.json.goldenCases).toEqual([
          { name: 'on plan, won amount 110%', payout: '63000.00', currency: 'RUB' },
          { name: 'won amount below its threshold', payout: '22500.00', currency: 'RUB' },
          { name: 'every line capped', payout: '73800.00', currency: 'RUB' },
        ]);
        const active = await call('POST', `/api/schemes/${id}/versions/1/publish`, as.hr as Headers, {
          status: 'active',
        });
        expect(active.status).toBe(200);
        expect(active.json.archived).toEqual([]);

        const next = await call('POST', `/api/schemes/${id}/versions/2/publish`, as.hr as Headers, {
          status: 'active',
        });
        expect(next.json.archived).toEqual([1]);
        const scheme = await call('GET', `/api/schemes/${id}`, as.hr as Headers);
        expect((scheme.json.versions as Body[]).map((v) => [v.version, v.status])).toEqual([
          [1, 'archived'],
          [2, 'active'],
        ]);

        const again = await call('POST', `/api/schemes/${id}/versions/1/publish`, as.hr as Headers, {
          status: 'active',
        });
        expect(again.status).toBe(409);
        expect((again.json.error as Body).code).toBe('scheme.invalid_transition');
        expect((await call('POST', `/api/schemes/${id}/versions/2/archive`, as.hr as Headers)).status).toBe(200);
        expect((await call('POST', `/api/schemes/${id}/versions/2/archive`, as.hr as Headers)).status).toBe(409);
        const audit = await orm.em.fork().find(AuditLog, { action: 'scheme_version.publish' });
        expect(audit.length).toBeGreaterThanOrEqual(3);
      });
    });

    it('documents every route with its error responses in the OpenAPI document', async () => {
      const doc = (await call('GET', '/openapi.json', {})).json as {
        paths: Record<string, Record<string, { responses: Body }>>;
      };
      for (const [path, method] of [
        ['/api/schemes', 'post'],
        ['/api/schemes/{id}', 'patch'],
        ['/api/schemes/{id}/versions', 'post'],
        ['/api/schemes/{id}/versions/{v}/publish', 'post'],
        ['/api/schemes/{id}/versions/{v}/simulate', 'post'],
        ['/api/reviews', 'get'],
        ['/api/reviews/{id}/adjust', 'post'],
        ['/api/bonuses', 'get'],
        ['/api/bonuses/export.csv', 'get'],
        ['/api/evaluations', 'get'],
        ['/api/employees/{id}/statement', 'get'],
      ] as const) {
        const statuses = Object.keys(doc.paths[path]?.[method]?.responses ?? {});
        expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403', '422']));
        expect(
          statuses.some((s) => s.startsWith('2')),
          `${method} ${path}`,
        ).toBe(true);
      }
    });

    it('leaves exactly one active version when two are activated at the same time', async () => {
      const scheme = await call('POST', '/api/schemes', as.hr as Headers, { name: { en: 'Race', ru: 'Гонка' } });
      const id = scheme.json.id as string;
      for (const from of ['2026-11-01', '2026-12-01']) {
        await call('POST', `/api/schemes/${id}/versions`, as.hr as Headers, {
          effectiveFrom: from,
          definition: definition(),
        });
      }
      const results = await Promise.all(
        [1, 2].map((v) =>
          call('POST', `/api/schemes/${id}/versions/${v}/publish`, as.hr as Headers, { status: 'active' }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const versions = (await call('GET', `/api/schemes/${id}`, as.hr as Headers)).json.versions as Body[];
      expect(versions.filter((v) => v.status === 'active')).toHaveLength(1);
      expect(versions.filter((v) => v.status === 'archived')).toHaveLength(1);
    });

    describe('simulation', () => {
      it('evaluates a draft on current data beside the active version, per employee, and writes nothing', async () => {
        const em = orm.em.fork();
        const demo = await demoScheme();
        // the draft pays 10% more base: every line's weight is the same, the multiplier differs
        const richer = definition({
          payout: {
            money: [{ '*': [{ var: 'employee.base_bonus' }, 1.1, { var: 'achievement' }] }, 'RUB'],
          },
          goldenCases: [],
        });
        const created = await call('POST', `/api/schemes/${demo.id}/versions`, as.hr as Headers, {
          effectiveFrom: '2026-11-01',
          definition: richer,
        });
        expect(created.status).toBe(201);
        const before = await counts();

        const alexey = people['Алексей Смирнов'] as { id: string };
        const response = await call(
          'POST',
          `/api/schemes/${demo.id}/versions/${created.json.version}/simulate`,
          as.hr as Headers,
          { period: '2026-10' },
        );
        expect(response.status).toBe(200);
        expect(await counts()).toEqual(before);
        expect(response.json.active).toMatchObject({ version: 1 });
        const items = response.json.items as Body[];
        expect(items).toHaveLength(15);
        const row = items.find((i) => (i.employee as Body).id === alexey.id) as Body;

        // the inputs are the October events of the employee (Moscow time) and their plans
        const events = await em.find(Event, {
          employee: alexey.id,
          occurredAt: { $gte: new Date('2026-09-30T21:00:00Z'), $lt: new Date('2026-10-31T21:00:00Z') },
        });
        const won = events.filter((e) => e.type === 'deal.won');
        const wonAmount = won.reduce((sum, e) => sum + Number(e.amountMinor) / 100, 0);
        expect(row.inputs).toEqual({
          won_amount: { actual: wonAmount, plan: 2_500_000 },
          deals_won: { actual: won.length, plan: 8 },
          calls: { actual: events.filter((e) => e.type === 'call.completed').length, plan: 120 },
        });

        const result = row.result as { payout: string; weightedAchievement: number; explanation: { ru: string } };
        const active = row.active as { payout: string; weightedAchievement: number };
        expect(result.weightedAchievement).toBe(active.weightedAchievement);
        const expectedActive = (60000 * active.weightedAchievement).toFixed(2);
        expect(active.payout).toBe(expectedActive);
        expect(result.payout).toBe((60000 * 1.1 * active.weightedAchievement).toFixed(2));
        expect(row.difference).toBe((Number(result.payout) - Number(active.payout)).toFixed(2));
        expect(result.explanation.ru).toContain('money');

        // a manager simulates only the people they see
        const narrowed = await call(
          'POST',
          `/api/schemes/${demo.id}/versions/${created.json.version}/simulate`,
          as.spbManager as Headers,
          { period: '2026-10' },
        );
        expect(narrowed.status).toBe(200);
        expect((narrowed.json.items as Body[]).every((i) => (i.employee as Body).department === 'spb-retail')).toBe(
          true,
        );
        const lean = await call(
          'POST',
          `/api/schemes/${demo.id}/versions/${created.json.version}/simulate`,
          as.hr as Headers,
          {
            period: '2026-10',
            employees: [alexey.id],
            trace: false,
          },
        );
        expect((lean.json.items as Body[]).map((i) => [(i.result as Body).payout, (i.result as Body).trace])).toEqual([
          [result.payout, null],
        ]);
        const badPeriod = await call('POST', `/api/schemes/${demo.id}/versions/1/simulate`, as.hr as Headers, {
          period: 'October',
        });
        expect(badPeriod.status).toBe(422);
      });
    });

    describe('simulation with proration', () => {
      it('prorates by working days for people who joined mid-period and leaves out those who had left', async () => {
        const em = orm.em.fork();
        const moscow = await em.findOneOrFail(Department, { key: 'moscow-b2b' });
        const hire = (name: string, hiredOn: string, leftOn: string | null) =>
          em.create(Employee, {
            id: newId(),
            name,
            email: null,
            role: 'sales',
            department: moscow.id,
            manager: null,
            baseBonusMinor: '6000000',
            hiredOn,
            leftOn,
          });
        const joined = hire('Новый Сотрудник', '2026-10-16', null);
        const departed = hire('Ушедший Сотрудник', '2025-01-10', '2026-09-30');
        await em.flush();
        const demo = await demoScheme();
        const created = await call('POST', `/api/schemes/${demo.id}/versions`, as.hr as Headers, {
          effectiveFrom: '2026-11-01',
          definition: definition({
            payout: { money: [{ var: 'employee.base_bonus' }, 'RUB'] },
            proration: 'working-days',
          }),
        });
        const response = await call(
          'POST',
          `/api/schemes/${demo.id}/versions/${created.json.version}/simulate`,
          as.hr as Headers,
          { period: '2026-10', employees: [joined.id, departed.id] },
        );
        expect(response.status).toBe(200);
        const items = response.json.items as { employee: Body; result: Body }[];
        expect(items.map((i) => i.employee.name)).toEqual(['Новый Сотрудник']);
        // 11 of October's 22 working days (RU production calendar) → half of 60,000
        expect(items.map((i) => i.result.payout)).toEqual(['30000.00']);
      });
    });

    describe('ledger, reviews, export and statements', () => {
      let versionId: string;
      let evaluationId: string;
      const proposed: Record<string, { bonusRecordId: string; reviewId: string | null }> = {};

      beforeAll(async () => {
        const em = orm.em.fork();
        const demo = await em.findOneOrFail(SchemeVersion, { scheme: (await demoScheme()).id, version: 1 });
        versionId = demo.id;
        const alexey = people['Алексей Смирнов'] as { id: string };
        const evaluation = await recordEvaluation(em, {
          schemeVersionId: versionId,
          employeeId: alexey.id,
          period: '2026-09',
          mode: 'close',
          asOf: new Date('2026-10-01T00:00:00Z'),
          inputs: { kpi: { won_amount: { actual: 2_750_000, plan: 2_500_000 } } },
          outputs: { payout: '63000.00', currency: 'RUB' },
          trace: { path: '', op: 'money', value: '63000.00', children: [] },
        });
        evaluationId = evaluation.id;
        for (const [name, amount] of [
          ['Алексей Смирнов', '63000.00'],
          ['Мария Кузнецова', '22500.00'],
          ['Николай Лебедев', '41000.50'],
          ['Ирина Соколова', '80000.00'],
        ] as const) {
          proposed[name] = await proposeBonus(
            em,
            {
              schemeVersionId: versionId,
              employeeId: (people[name] as { id: string }).id,
              period: '2026-09',
              cause: 'period-close',
              amount,
              currency: 'RUB',
              evaluationId: name === 'Алексей Смирнов' ? evaluationId : null,
            },
            new Date('2026-10-01T00:00:00Z'),
          );
        }
      });

      it('records an evaluation and proposes a bonus exactly once however often it is retried', async () => {
        const em = orm.em.fork();
        const alexey = people['Алексей Смирнов'] as { id: string };
        const again = await recordEvaluation(em, {
          schemeVersionId: versionId,
          employeeId: alexey.id,
          period: '2026-09',
          mode: 'close',
          asOf: new Date('2026-10-01T00:00:00Z'),
          inputs: {},
          outputs: {},
          trace: null,
        });
        expect(again).toEqual({ id: evaluationId, created: false });
        const retry = await proposeBonus(em, {
          schemeVersionId: versionId,
          employeeId: alexey.id,
          period: '2026-09',
          cause: 'period-close',
          amount: '99999.00',
          currency: 'RUB',
        });
        expect(retry).toEqual({ ...proposed['Алексей Смирнов'], created: false });
        const lines = await em.find(BonusRecord, { employee: alexey.id, period: '2026-09' });
        expect(lines.map((l) => [l.kind, l.amountMinor, l.status])).toEqual([['payout', '6300000', 'proposed']]);

        const evaluations = await call(
          'GET',
          `/api/evaluations?employee=${alexey.id}&period=2026-09`,
          as.hr as Headers,
        );
        expect(evaluations.status).toBe(200);
        expect((evaluations.json.items as Body[]).map((e) => e.id)).toEqual([evaluationId]);
        expect((await call('GET', '/api/evaluations', as.alexey as Headers)).status).toBe(403);
        const spb = await call('GET', `/api/evaluations?employee=${alexey.id}`, as.spbManager as Headers);
        expect(spb.json.items).toEqual([]);
      });

      it('shows each manager the reviews of their departments and lets only allowed reviewers decide', async () => {
        const moscow = await call('GET', '/api/reviews?status=pending', as.moscowManager as Headers);
        expect(moscow.status).toBe(200);
        const names = (moscow.json.items as Body[]).map(
          (r) => (r.bonus as { employee: { name: string } }).employee.name,
        );
        expect(names).toEqual(expect.arrayContaining(['Алексей Смирнов', 'Мария Кузнецова', 'Ирина Соколова']));
        expect(names).not.toContain('Николай Лебедев');
        expect((moscow.json.items as Body[])[0]).toMatchObject({ status: 'pending', reviewerRole: 'manager' });

        const alexeyReview = proposed['Алексей Смирнов']?.reviewId as string;
        const foreign = await call('POST', `/api/reviews/${alexeyReview}/approve`, as.spbManager as Headers, {});
        expect(foreign.status).toBe(404);
        expect((await call('POST', `/api/reviews/${alexeyReview}/approve`, as.alexey as Headers, {})).status).toBe(403);
        expect((await call('GET', '/api/reviews', as.viewer as Headers)).status).toBe(403);
        const own = await call(
          'POST',
          `/api/reviews/${proposed['Ирина Соколова']?.reviewId}/approve`,
          as.moscowManager as Headers,
          {},
        );
        expect(own.status).toBe(403);

        const approved = await call('POST', `/api/reviews/${alexeyReview}/approve`, as.moscowManager as Headers, {
          comment: 'Отличный месяц',
        });
        expect(approved.status).toBe(200);
        expect(approved.json).toMatchObject({ status: 'approved', comment: 'Отличный месяц' });
        expect((approved.json.bonus as Body).status).toBe('approved');
        const twice = await call('POST', `/api/reviews/${alexeyReview}/reject`, as.moscowManager as Headers, {
          reason: 'no',
        });
        expect(twice.status).toBe(409);
        expect((twice.json.error as Body).code).toBe('review.already_decided');

        const noReason = await call(
          'POST',
          `/api/reviews/${proposed['Мария Кузнецова']?.reviewId}/reject`,
          as.moscowManager as Headers,
          { reason: ' ' },
        );
        expect(noReason.status).toBe(422);
      });

      it('takes one decision when two reviewers decide at the same time', async () => {
        const line = await proposeBonus(orm.em.fork(), {
          schemeVersionId: versionId,
          employeeId: (people['Мария Кузнецова'] as { id: string }).id,
          period: '2026-06',
          cause: 'period-close',
          amount: '5000.00',
          currency: 'RUB',
        });
        const decisions = await Promise.all([
          call('POST', `/api/reviews/${line.reviewId}/adjust`, as.hr as Headers, { amount: '6000.00', reason: 'a' }),
          call('POST', `/api/reviews/${line.reviewId}/adjust`, as.moscowManager as Headers, {
            amount: '7000.00',
            reason: 'b',
          }),
        ]);
        expect(decisions.map((d) => d.status).sort()).toEqual([200, 409]);
        const lines = await orm.em.fork().find(BonusRecord, { period: '2026-06' });
        expect(lines.map((l) => l.kind).sort()).toEqual(['adjustment', 'payout']);
      });

      it('adjusts with a reason by writing an adjustment line for the difference, and rejects', async () => {
        const maria = proposed['Мария Кузнецова']?.reviewId as string;
        const badAmount = await call('POST', `/api/reviews/${maria}/adjust`, as.moscowManager as Headers, {
          amount: '1.005',
          reason: 'x',
        });
        expect(badAmount.status).toBe(422);
        const adjusted = await call('POST', `/api/reviews/${maria}/adjust`, as.moscowManager as Headers, {
          amount: '25000.00',
          reason: 'Крупная сделка закрыта 1 октября',
        });
        expect(adjusted.status).toBe(200);
        expect(adjusted.json).toMatchObject({ status: 'adjusted', adjustedAmount: '25000.00' });
        const lines = await call(
          'GET',
          `/api/bonuses?period=2026-09&employee=${people['Мария Кузнецова']?.id}`,
          as.hr as Headers,
        );
        expect((lines.json.items as Body[]).map((l) => [l.kind, l.amount, l.status])).toEqual([
          ['payout', '22500.00', 'approved'],
          ['adjustment', '2500.00', 'approved'],
        ]);

        const rejected = await call(
          'POST',
          `/api/reviews/${proposed['Николай Лебедев']?.reviewId}/reject`,
          as.hr as Headers,
          {
            reason: 'Сделки не подтверждены',
          },
        );
        expect(rejected.status).toBe(200);
        expect((rejected.json.bonus as Body).status).toBe('rejected');
        const audit = await orm.em.fork().find(AuditLog, { entity: 'review' });
        expect(audit.map((a) => a.action)).toEqual(
          expect.arrayContaining(['review.approved', 'review.adjusted', 'review.rejected']),
        );
      });

      it('filters the ledger by the caller’s scope, period, status, kind, department and scheme', async () => {
        const all = await call('GET', '/api/bonuses?period=2026-09', as.hr as Headers);
        expect((all.json.items as Body[]).length).toBe(5);
        const spb = await call('GET', '/api/bonuses?period=2026-09', as.spbManager as Headers);
        expect((spb.json.items as Body[]).map((l) => (l.employee as Body).name)).toEqual(['Николай Лебедев']);
        const approved = await call('GET', '/api/bonuses?period=2026-09&status=approved', as.moscowManager as Headers);
        expect((approved.json.items as Body[]).map((l) => l.amount).sort()).toEqual([
          '22500.00',
          '2500.00',
          '63000.00',
        ]);
        const adjustments = await call('GET', '/api/bonuses?period=2026-09&kind=adjustment', as.hr as Headers);
        expect((adjustments.json.items as Body[]).map((l) => l.amount)).toEqual(['2500.00']);
        const spbDepartment = people['Николай Лебедев']?.department as string;
        const inSpb = await call('GET', `/api/bonuses?period=2026-09&department=${spbDepartment}`, as.hr as Headers);
        expect((inSpb.json.items as Body[]).map((l) => (l.employee as Body).name)).toEqual(['Николай Лебедев']);
        // a department outside a manager's scope adds nobody to it
        const notMine = await call(
          'GET',
          `/api/bonuses?period=2026-09&department=${spbDepartment}`,
          as.moscowManager as Headers,
        );
        expect(notMine.json.items).toEqual([]);
        const schemeId = (((all.json.items as Body[])[0] as Body).schemeVersion as Body).schemeId as string;
        const ofScheme = await call('GET', `/api/bonuses?period=2026-09&scheme=${schemeId}`, as.hr as Headers);
        expect((ofScheme.json.items as Body[]).length).toBe(5);
        const ofNoScheme = await call('GET', '/api/bonuses?period=2026-09&scheme=no-such-scheme', as.hr as Headers);
        expect(ofNoScheme.json.items).toEqual([]);
        expect((await call('GET', '/api/bonuses', as.alexey as Headers)).status).toBe(403);
        const garbage = await call('GET', '/api/bonuses?period=September', as.hr as Headers);
        expect(garbage.status).toBe(422);
        expect(((garbage.json.error as Body).details as Body[])[0]?.path).toBe('/period');
      });

      it('exports approved non-shadow lines as RFC 4180 CSV with a BOM, once, and audits it', async () => {
        // a pilot version's line is shadow: computed, never exported
        const em = orm.em.fork();
        const pilot = em.create(SchemeVersion, {
          id: newId(),
          scheme: (await em.findOneOrFail(SchemeVersion, { id: versionId })).scheme,
          version: 99,
          status: 'pilot',
          effectiveFrom: '2026-09-01',
          effectiveTo: null,
          definition: definition() as never,
          publishedAt: new Date(),
        });
        await em.flush();
        const shadow = await proposeBonus(em, {
          schemeVersionId: pilot.id,
          employeeId: (people['Алексей Смирнов'] as { id: string }).id,
          period: '2026-09',
          cause: 'period-close',
          amount: '70000.00',
          currency: 'RUB',
        });
        expect(shadow.reviewId).toBeNull();
        expect((await em.findOneOrFail(BonusRecord, { id: shadow.bonusRecordId })).shadow).toBe(true);

        expect((await call('GET', '/api/bonuses/export.csv?period=2026-09', as.moscowManager as Headers)).status).toBe(
          403,
        );
        const exported = await call('GET', '/api/bonuses/export.csv?period=2026-09', as.hr as Headers);
        expect(exported.status).toBe(200);
        expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        expect(exported.text.charCodeAt(0)).toBe(0xfeff);
        const rows = exported.text.slice(1).split('\r\n');
        expect(rows[0]).toBe('employee,external_ids,amount,currency,scheme_version,period,status,kind,bonus_id');
        expect(rows.at(-1)).toBe('');
        const body = rows.slice(1, -1);
        expect(body).toHaveLength(3);
        expect(body).toEqual(
          expect.arrayContaining([
            expect.stringMatching(
              /^Алексей Смирнов,demo:crm-102,63000\.00,RUB,Премия отдела продаж v1,2026-09,exported,payout,/,
            ),
            expect.stringMatching(/^Мария Кузнецова,demo:crm-103,22500\.00,RUB,/),
            expect.stringMatching(/^Мария Кузнецова,demo:crm-103,2500\.00,RUB,.*,adjustment,/),
          ]),
        );
        const statuses = await orm.em.fork().find(BonusRecord, { period: '2026-09' });
        expect(statuses.filter((l) => l.status === 'exported')).toHaveLength(3);
        expect(statuses.find((l) => l.shadow)?.status).toBe('proposed');
        const second = await call('GET', '/api/bonuses/export.csv?period=2026-09', as.hr as Headers);
        expect(second.text.slice(1).split('\r\n').filter(Boolean)).toHaveLength(1);
        expect(await orm.em.fork().count(AuditLog, { action: 'bonus.export' })).toBe(2);
      });

      it('exports each line once even when two exports of a period run at the same time', async () => {
        const em = orm.em.fork();
        for (const name of ['Алексей Смирнов', 'Мария Кузнецова', 'Николай Лебедев']) {
          const line = await proposeBonus(em, {
            schemeVersionId: versionId,
            employeeId: (people[name] as { id: string }).id,
            period: '2026-07',
            cause: 'period-close',
            amount: '1000.00',
            currency: 'RUB',
          });
          expect((await call('POST', `/api/reviews/${line.reviewId}/approve`, as.hr as Headers, {})).status).toBe(200);
        }
        const exports = await Promise.all(
          [1, 2].map(() => call('GET', '/api/bonuses/export.csv?period=2026-07', as.hr as Headers)),
        );
        expect(exports.map((e) => e.status)).toEqual([200, 200]);
        const dataRows = exports.flatMap((e) => e.text.slice(1).split('\r\n').slice(1).filter(Boolean));
        expect(dataRows).toHaveLength(3);
      });

      it('quotes fields with commas and quotes, and defuses spreadsheet formulas', async () => {
        const em = orm.em.fork();
        const department = await em.findOneOrFail(Department, { key: 'spb-retail' });
        const odd = em.create(Employee, {
          id: newId(),
          name: '=HYPERLINK("x"), Jr.',
          email: null,
          role: 'sales',
          department: department.id,
          manager: null,
          baseBonusMinor: '0',
          hiredOn: null,
          leftOn: null,
        });
        await em.flush();
        const line = await proposeBonus(em, {
          schemeVersionId: versionId,
          employeeId: odd.id,
          period: '2026-08',
          cause: 'period-close',
          amount: '10.00',
          currency: 'RUB',
        });
        const approve = await call('POST', `/api/reviews/${line.reviewId}/approve`, as.admin as Headers, {});
        expect(approve.status).toBe(200);
        const csv = await call('GET', '/api/bonuses/export.csv?period=2026-08', as.admin as Headers);
        expect(csv.text.slice(1).split('\r\n')[1]).toMatch(/^"'=HYPERLINK\(""x""\), Jr\.",,10\.00,RUB,/);
      });

      it('gives an employee their own statement with the KPI values and trace, and nobody else’s', async () => {
        const alexey = people['Алексей Смирнов'] as { id: string };
        const own = await call('GET', `/api/employees/${alexey.id}/statement?period=2026-09`, as.alexey as Headers);
        expect(own.status).toBe(200);
        const lines = own.json.lines as Body[];
        expect(lines.map((l) => [l.kind, l.shadow])).toEqual([['payout', false]]);
        const payout = lines[0] as Body;
        expect(payout).toMatchObject({ kind: 'payout', amount: '63000.00', status: 'exported' });
        expect(payout.schemeVersion).toMatchObject({ version: 1, schemeName: { ru: 'Премия отдела продаж' } });
        expect(payout.evaluation).toMatchObject({
          id: evaluationId,
          inputs: { kpi: { won_amount: { actual: 2_750_000, plan: 2_500_000 } } },
          explanation: { en: 'money = "63000.00"' },
        });
        expect(payout.review).toMatchObject({ status: 'approved', comment: 'Отличный месяц' });
        expect(own.json.totals).toEqual([
          { currency: 'RUB', proposed: '0.00', approved: '0.00', exported: '63000.00' },
        ]);

        const other = await call(
          'GET',
          `/api/employees/${people['Мария Кузнецова']?.id}/statement`,
          as.alexey as Headers,
        );
        expect(other.status).toBe(404);
        expect((await call('GET', `/api/employees/${alexey.id}/statement`, as.spbManager as Headers)).status).toBe(404);
        const managerView = await call(
          'GET',
          `/api/employees/${alexey.id}/statement?period=2026-09`,
          as.moscowManager as Headers,
        );
        expect(managerView.status).toBe(200);
        expect((managerView.json.lines as Body[]).map((l) => l.shadow)).toEqual([false, true]);
        expect((await call('GET', `/api/employees/${alexey.id}/statement`, as.viewer as Headers)).status).toBe(403);
      });
    });
  });
}
