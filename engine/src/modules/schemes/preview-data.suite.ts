// The live preview's inputs as the studio meets them, on SQLite (preview-data.test.ts) and PostgreSQL
// (preview-data.postgres.int.test.ts): the employees a scope covers with the rule context the engine would
// evaluate them with, so that the browser evaluating an edited definition pays what the engine would.

import { compileScheme, type EvaluationContext, type SchemeDefinition } from '@yardstick/workflows/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type Headers, type InProcessApp, startInProcessApp } from '../../../test/in-process-app.ts';
import { Scheme } from '../../db/entities/scheme.entity.ts';
import type { UserRole } from '../../db/entities/user.entity.ts';
import { DEMO_SCHEME_DEFINITION } from '../../db/seed/demo-data.ts';

type Body = Record<string, unknown>;
interface Participant {
  employee: { id: string; name: string; department: string; role: string };
  context: EvaluationContext & { kpi: Record<string, { actual: number | null; plan: number | null }> };
  active: { payout: string | null; currency: string } | null;
}
interface PreviewData {
  period: { key: string; start: string; end: string };
  active: { id: string; version: number; currency: string } | null;
  participants: Participant[];
}
interface SimulationItem {
  employee: { id: string };
  result: { payout: string | null };
  active: { payout: string | null } | null;
}

/** the demo history ends on this day: August to October 2026 have events and plans */
const NOW = new Date('2026-10-20T09:00:00Z');
const PERIOD = '2026-09';
const METRICS = DEMO_SCHEME_DEFINITION.kpis.map((line) => line.metric);

export function describePreviewData(label: string, database: Database): void {
  describe(`scheme preview data (${label})`, () => {
    let app: InProcessApp;
    const as = {} as Record<'hr' | 'viewer' | 'moscowManager', Headers>;
    let schemeId: string;

    const call = async (method: string, path: string, headers: Headers, body?: unknown) => {
      const response = await app.call(method, path, headers, body);
      const text = await response.text();
      let json: Body = {};
      try {
        json = JSON.parse(text) as Body;
      } catch {}
      return { status: response.status, json, text };
    };

    const signIn = (role: UserRole, employeeName: string | null): Promise<Headers> => app.signInAs(role, employeeName);

    const preview = (headers: Headers, body: Body) =>
      call('POST', `/api/schemes/${schemeId}/preview-data`, headers, body);

    beforeAll(async () => {
      app = await startInProcessApp(database, { now: NOW });
      as.hr = await signIn('hr', null);
      as.viewer = await signIn('viewer', null);
      as.moscowManager = await signIn('manager', 'Ирина Соколова');
      const em = app.orm.em.fork();
      schemeId = ((await em.find(Scheme, {})).find((s) => s.name.ru === 'Премия отдела продаж') as Scheme).id;
    });

    afterAll(async () => {
      await app?.stop();
    });

    it('gives the covered employees’ rule contexts, so the browser pays what the engine simulates', async () => {
      const answer = await preview(as.hr, {
        scope: DEMO_SCHEME_DEFINITION.scope,
        periodKind: 'month',
        metrics: METRICS,
        period: PERIOD,
      });
      expect(answer.status, answer.text).toBe(200);
      const data = answer.json as unknown as PreviewData;
      expect(data.period).toEqual({ key: PERIOD, start: '2026-09-01', end: '2026-09-30' });
      expect(data.active).toMatchObject({ version: 1, currency: 'RUB' });
      expect(data.participants).toHaveLength(15);
      const alexey = data.participants.find((p) => p.employee.name === 'Алексей Смирнов') as Participant;
      expect(alexey.employee).toMatchObject({ department: 'moscow-b2b', role: 'sales' });
      expect(Object.keys(alexey.context.kpi).sort()).toEqual([...METRICS].sort());
      expect(alexey.context.kpi.won_amount?.plan).toBeGreaterThan(0);
      expect(alexey.context.employee.base_bonus).toMatch(/^\d+\.\d{2}$/);

      // the engine's own simulation of the active version, employee by employee
      const simulated = await call('POST', `/api/schemes/${schemeId}/versions/1/simulate`, as.hr, {
        period: PERIOD,
        trace: false,
      });
      expect(simulated.status, simulated.text).toBe(200);
      const engine = new Map(
        (simulated.json.items as SimulationItem[]).map((item) => [item.employee.id, item.result.payout]),
      );
      const browser = compileScheme(DEMO_SCHEME_DEFINITION, { trace: false });
      for (const p of data.participants) {
        expect(p.active?.payout, p.employee.name).toBe(engine.get(p.employee.id));
        expect(browser.evaluate(p.context).payout, p.employee.name).toBe(engine.get(p.employee.id));
      }
      expect(new Set(engine.values()).size).toBeGreaterThan(1);
    });

    it('covers the scope being edited, with the active payout only where the active version covers them', async () => {
      const answer = await preview(as.hr, {
        scope: { departments: ['spb-retail'], roles: [], employees: [] },
        periodKind: 'month',
        metrics: ['deals_created'],
        period: PERIOD,
      });
      expect(answer.status, answer.text).toBe(200);
      const data = answer.json as unknown as PreviewData;
      expect(data.participants.map((p) => p.employee.department)).toEqual(Array(7).fill('spb-retail'));
      // the new metric and the active version's metrics are all there
      for (const p of data.participants) {
        expect(Object.keys(p.context.kpi).sort()).toEqual([...METRICS, 'deals_created'].sort());
        expect(p.active?.currency).toBe('RUB');
      }

      const everyone = (await preview(as.hr, {
        scope: { departments: [], roles: [], employees: [] },
        periodKind: 'quarter',
        metrics: [],
        period: '2026-Q3',
      })) as { status: number; json: unknown };
      const all = everyone.json as PreviewData;
      expect(all.period.key).toBe('2026-Q3');
      const definition: SchemeDefinition = DEMO_SCHEME_DEFINITION;
      const outside = all.participants.filter((p) => !definition.scope.roles.includes(p.employee.role));
      for (const p of outside) expect(p.active).toBeNull();
    });

    it('shows a manager only their own department, and refuses those who may not simulate', async () => {
      const managers = await preview(as.moscowManager, {
        scope: DEMO_SCHEME_DEFINITION.scope,
        periodKind: 'month',
        metrics: METRICS,
        period: PERIOD,
      });
      expect(managers.status, managers.text).toBe(200);
      const departments = new Set(
        (managers.json as unknown as PreviewData).participants.map((p) => p.employee.department),
      );
      expect([...departments]).toEqual(['moscow-b2b']);

      const viewer = await preview(as.viewer, {
        scope: DEMO_SCHEME_DEFINITION.scope,
        periodKind: 'month',
        period: PERIOD,
      });
      expect(viewer.status).toBe(403);
    });

    it('says which field is wrong, and that a scheme is missing', async () => {
      const bad = await preview(as.hr, { scope: DEMO_SCHEME_DEFINITION.scope, periodKind: 'month', period: '2026-13' });
      expect(bad.status).toBe(422);
      expect((bad.json.error as { details: { path: string }[] }).details[0]?.path).toBe('/period');

      const missing = await call('POST', '/api/schemes/no-such-scheme/preview-data', as.hr, {
        scope: DEMO_SCHEME_DEFINITION.scope,
        periodKind: 'month',
      });
      expect(missing.status).toBe(404);
    });

    it('lists each version with its period kind and scope', async () => {
      const list = await call('GET', '/api/schemes', as.hr);
      expect(list.status).toBe(200);
      const demo = (list.json.items as { id: string; versions: Body[] }[]).find((s) => s.id === schemeId);
      expect(demo?.versions[0]).toMatchObject({
        version: 1,
        status: 'active',
        periodKind: 'month',
        scope: DEMO_SCHEME_DEFINITION.scope,
      });
    });

    it('keeps the base bonus per role a version sets, as a decimal string', async () => {
      const definition = { ...DEMO_SCHEME_DEFINITION, baseBonusByRole: { head_of_sales: '90000.00' } };
      const created = await call('POST', `/api/schemes/${schemeId}/versions`, as.hr, {
        effectiveFrom: '2026-11-01',
        definition,
      });
      expect(created.status, created.text).toBe(201);
      const version = created.json as { version: number; definition: SchemeDefinition };
      expect(version.definition.baseBonusByRole).toEqual({ head_of_sales: '90000.00' });

      const invalid = await call('POST', `/api/schemes/${schemeId}/versions`, as.hr, {
        effectiveFrom: '2026-11-01',
        definition: { ...definition, baseBonusByRole: { head_of_sales: 'a lot' } },
      });
      expect(invalid.status).toBe(422);
      expect(JSON.stringify(invalid.json)).toContain('/definition/baseBonusByRole/head_of_sales');
    });
  });
}
