// The pilot comparison as HR and managers meet it, on SQLite (pilot-diff.test.ts) and PostgreSQL
// (pilot-diff.postgres.int.test.ts): a pilot version's shadow evaluations and lines beside the active version's,
// written the way the workflows write them (an evaluation of the stored history through recordEvaluation, lines
// through proposeBonus), and the promise that shadow lines are never reviewed or exported.

import { kpiCoefficients } from '@yardstick/rules';
import { evaluateSchemeForEmployee, type SchemeDefinition } from '@yardstick/workflows/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type Headers, type InProcessApp, startInProcessApp } from '../../../test/in-process-app.ts';
import { BonusRecord } from '../../db/entities/bonus-record.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Review } from '../../db/entities/review.entity.ts';
import { Scheme } from '../../db/entities/scheme.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import type { UserRole } from '../../db/entities/user.entity.ts';
import { DEMO_SCHEME_DEFINITION } from '../../db/seed/demo-data.ts';
import { parsePeriod } from '../../domain/period.ts';
import { fromMinor, toMinor } from '../../lib/money.ts';
import { proposeBonus, recordEvaluation } from '../ledger/bonus-ledger.service.ts';
import { participantsOf } from '../schemes/scheme-simulation.ts';

type Body = Record<string, unknown>;
interface Side {
  evaluationId: string;
  mode: string;
  payout: string | null;
  achievements: { metric: string; achievement: number | null }[];
}
interface Item {
  employee: { id: string; name: string; department: string };
  pilot: Side | null;
  active: Side | null;
  difference: string | null;
  shadowLines: { id: string; shadow: boolean; amount: string }[];
  realLines: { id: string; shadow: boolean; amount: string }[];
}

/** the demo history ends on this day: August to October 2026 have events and plans */
const NOW = new Date('2026-10-20T09:00:00Z');
const PERIOD = '2026-09';

/** The pilot weighs deals won more and calls less than the active demo scheme. */
function pilotDefinition(): SchemeDefinition {
  const definition = structuredClone(DEMO_SCHEME_DEFINITION);
  definition.kpis = definition.kpis.map((line) =>
    line.metric === 'deals_won' ? { ...line, weight: 0.3 } : line.metric === 'calls' ? { ...line, weight: 0.2 } : line,
  );
  definition.payout = kpiCoefficients({
    lines: definition.kpis.map(({ metric, weight, threshold, cap }) => ({ metric, weight, threshold, cap })),
    currency: 'RUB',
  });
  // the golden cases state what this pilot pays for their inputs
  definition.goldenCases = (definition.goldenCases ?? []).map((c) => ({
    ...c,
    expected: { payout: evaluateSchemeForEmployee(definition, c.context).payout as string, currency: 'RUB' },
  }));
  return definition;
}

export function describePilotDiff(label: string, database: Database): void {
  describe(`pilot diff (${label})`, () => {
    let app: InProcessApp;
    const as = {} as Record<'hr' | 'viewer' | 'moscowManager' | 'alexey', Headers>;
    const people: Record<string, string> = {};
    let schemeId: string;
    let activeId: string;
    let pilotId: string;
    /** employee → payout of each side as recorded */
    const pilotPayouts = new Map<string, string | null>();
    const activePayouts = new Map<string, string | null>();
    let shadowLineId: string;
    let realLineId: string;

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

    /** What a progress or close run writes: the version evaluated on the stored history, recorded once. */
    async function evaluate(versionId: string, mode: 'progress' | 'close', asOf: Date, skip: string[] = []) {
      const em = app.orm.em.fork();
      const version = await em.findOneOrFail(SchemeVersion, { id: versionId });
      const participants = await participantsOf(em, [version.definition], parsePeriod(PERIOD), { kind: 'all' });
      const written = new Map<string, { id: string; payout: string | null }>();
      for (const p of participants) {
        if (skip.includes(p.employee.id)) continue;
        const { trace, ...outputs } = evaluateSchemeForEmployee(version.definition, p.context);
        const { id } = await recordEvaluation(em, {
          schemeVersionId: versionId,
          employeeId: p.employee.id,
          period: PERIOD,
          mode,
          asOf,
          inputs: p.context as unknown as Record<string, unknown>,
          outputs: outputs as unknown as Record<string, unknown>,
          trace,
        });
        written.set(p.employee.id, { id, payout: outputs.payout });
      }
      return written;
    }

    beforeAll(async () => {
      app = await startInProcessApp(database, { now: NOW });
      as.hr = await signIn('hr', null);
      as.viewer = await signIn('viewer', null);
      as.moscowManager = await signIn('manager', 'Ирина Соколова');
      as.alexey = await signIn('employee', 'Алексей Смирнов');
      const em = app.orm.em.fork();
      for (const e of await em.find(Employee, {})) people[e.name] = e.id;
      schemeId = ((await em.find(Scheme, {})).find((s) => s.name.ru === 'Премия отдела продаж') as Scheme).id;
      activeId = (await em.findOneOrFail(SchemeVersion, { scheme: schemeId, status: 'active' })).id;

      const draft = await call('POST', `/api/schemes/${schemeId}/versions`, as.hr, {
        effectiveFrom: '2026-09-01',
        definition: pilotDefinition(),
      });
      expect(draft.status).toBe(201);
      const published = await call('POST', `/api/schemes/${schemeId}/versions/${draft.json.version}/publish`, as.hr, {
        status: 'pilot',
      });
      expect(published.status, published.text).toBe(200);
      pilotId = draft.json.id as string;

      const alexey = people['Алексей Смирнов'] as string;
      const maria = people['Мария Кузнецова'] as string;
      const nikolay = people['Николай Лебедев'] as string;
      // active: an early progress run, then the close (which wins); Николай has no active evaluation
      const early = await evaluate(activeId, 'progress', new Date('2026-09-15T00:00:00Z'), [nikolay]);
      expect(early.size).toBe(14);
      for (const [id, e] of await evaluate(activeId, 'close', new Date('2026-10-01T01:00:00Z'), [nikolay])) {
        activePayouts.set(id, e.payout);
      }
      // pilot: two progress runs (the later one wins); Мария has none
      await recordEvaluation(em, {
        schemeVersionId: pilotId,
        employeeId: alexey,
        period: PERIOD,
        mode: 'progress',
        asOf: new Date('2026-09-10T00:00:00Z'),
        inputs: {},
        outputs: { payout: '1.00', currency: 'RUB', achievements: [] },
        trace: null,
      });
      const pilotRun = await evaluate(pilotId, 'progress', new Date('2026-09-30T20:00:00Z'), [maria]);
      for (const [id, e] of pilotRun) pilotPayouts.set(id, e.payout);

      // the close proposed a real line and the pilot a shadow one for Алексей
      const real = await proposeBonus(em, {
        schemeVersionId: activeId,
        employeeId: alexey,
        period: PERIOD,
        cause: 'period-close',
        amount: activePayouts.get(alexey) as string,
        currency: 'RUB',
      });
      realLineId = real.bonusRecordId;
      expect(real.reviewId).not.toBeNull();
      const shadow = await proposeBonus(em, {
        schemeVersionId: pilotId,
        employeeId: alexey,
        period: PERIOD,
        cause: 'period-close',
        amount: pilotPayouts.get(alexey) as string,
        currency: 'RUB',
        evaluationId: pilotRun.get(alexey)?.id ?? null,
      });
      shadowLineId = shadow.bonusRecordId;
      expect(shadow.reviewId).toBeNull();
    });

    afterAll(async () => {
      await app?.stop();
    });

    const minor = (amount: string | null | undefined) => BigInt(toMinor(amount ?? '0', 'RUB'));

    it('lists every covered employee with both sides, the difference, achievements and lines', async () => {
      const response = await call('GET', `/api/schemes/${schemeId}/pilot-diff?period=${PERIOD}`, as.hr);
      expect(response.status, response.text).toBe(200);
      expect(response.json.pilot).toEqual({ id: pilotId, version: 2 });
      expect(response.json.active).toEqual({ id: activeId, version: 1 });
      const items = response.json.items as Item[];
      // the demo scheme covers all fifteen; the ones missing an evaluation are listed, not dropped
      expect(items).toHaveLength(15);
      const byName = new Map(items.map((i) => [i.employee.name, i]));

      const alexey = byName.get('Алексей Смирнов') as Item;
      const alexeyId = people['Алексей Смирнов'] as string;
      // the later progress run beats the earlier one; the close beats the progress run
      expect(alexey.pilot).toMatchObject({ mode: 'progress', payout: pilotPayouts.get(alexeyId) });
      expect(alexey.active).toMatchObject({ mode: 'close', payout: activePayouts.get(alexeyId) });
      expect(alexey.difference).toBe(
        fromMinor(minor(pilotPayouts.get(alexeyId)) - minor(activePayouts.get(alexeyId)), 'RUB'),
      );
      expect(alexey.pilot?.achievements.map((a) => a.metric)).toEqual(['won_amount', 'deals_won', 'calls']);
      expect(alexey.shadowLines.map((l) => [l.id, l.shadow, l.amount])).toEqual([
        [shadowLineId, true, pilotPayouts.get(alexeyId)],
      ]);
      expect(alexey.realLines.map((l) => [l.id, l.shadow])).toEqual([[realLineId, false]]);

      const maria = byName.get('Мария Кузнецова') as Item;
      expect(maria.pilot).toBeNull();
      expect(maria.active?.payout).toBe(activePayouts.get(people['Мария Кузнецова'] as string));
      expect(maria.difference).toBeNull();
      const nikolay = byName.get('Николай Лебедев') as Item;
      expect(nikolay.active).toBeNull();
      expect(nikolay.pilot?.payout).toBe(pilotPayouts.get(people['Николай Лебедев'] as string));
      expect(nikolay.difference).toBeNull();

      const pilotTotal = [...pilotPayouts.values()].reduce((sum, p) => sum + minor(p), 0n);
      const activeTotal = [...activePayouts.values()].reduce((sum, p) => sum + minor(p), 0n);
      expect(response.json.totals).toEqual({
        pilot: fromMinor(pilotTotal, 'RUB'),
        active: fromMinor(activeTotal, 'RUB'),
        difference: fromMinor(pilotTotal - activeTotal, 'RUB'),
        employees: 15,
        missingPilot: 1,
        missingActive: 1,
      });
      // the pilot pays some people differently
      expect(items.some((i) => i.pilot && i.active && i.pilot.payout !== i.active.payout)).toBe(true);
    });

    it('shows a manager their departments only, and refuses those who may not read bonuses', async () => {
      const response = await call('GET', `/api/schemes/${schemeId}/pilot-diff?period=${PERIOD}`, as.moscowManager);
      expect(response.status).toBe(200);
      const items = response.json.items as Item[];
      expect(items).toHaveLength(8);
      expect(new Set(items.map((i) => i.employee.department))).toEqual(new Set(['moscow-b2b']));
      const pilotTotal = items.reduce((sum, i) => sum + minor(i.pilot?.payout), 0n);
      expect((response.json.totals as Body).pilot).toBe(fromMinor(pilotTotal, 'RUB'));

      for (const who of ['viewer', 'alexey'] as const) {
        expect((await call('GET', `/api/schemes/${schemeId}/pilot-diff?period=${PERIOD}`, as[who])).status).toBe(403);
      }
    });

    it('answers 404 for an unknown scheme, 409 without a pilot, 422 for a bad period', async () => {
      expect((await call('GET', `/api/schemes/nope/pilot-diff?period=${PERIOD}`, as.hr)).status).toBe(404);
      const bare = await call('POST', '/api/schemes', as.hr, { name: { en: 'No pilot', ru: 'Без пилота' } });
      const noPilot = await call('GET', `/api/schemes/${bare.json.id}/pilot-diff?period=${PERIOD}`, as.hr);
      expect(noPilot.status).toBe(409);
      expect((noPilot.json.error as Body).code).toBe('scheme.no_pilot');
      for (const period of ['2026-13', '2026-Q3', 'soon']) {
        const bad = await call('GET', `/api/schemes/${schemeId}/pilot-diff?period=${period}`, as.hr);
        expect(bad.status, period).toBe(422);
        expect(((bad.json.error as Body).details as Body[])[0]?.path).toBe('/period');
      }
      expect((await call('GET', `/api/schemes/${schemeId}/pilot-diff`, as.hr)).status).toBe(422);
    });

    it('never reviews or exports a shadow line, even after its pilot becomes the active version', async () => {
      const reviews = await call('GET', '/api/reviews?limit=1000', as.hr);
      const reviewed = (reviews.json.items as { bonus: { id: string } }[]).map((r) => r.bonus.id);
      expect(reviewed).toContain(realLineId);
      expect(reviewed).not.toContain(shadowLineId);
      const review = await app.orm.em.fork().findOneOrFail(Review, { bonusRecord: realLineId });
      expect((await call('POST', `/api/reviews/${review.id}/approve`, as.hr, {})).status).toBe(200);

      const exported = await call('GET', `/api/bonuses/export.csv?period=${PERIOD}`, as.hr);
      expect(exported.status).toBe(200);
      expect(exported.text).toContain(realLineId);
      expect(exported.text).not.toContain(shadowLineId);

      const promoted = await call('POST', `/api/schemes/${schemeId}/versions/2/publish`, as.hr, { status: 'active' });
      expect(promoted.status).toBe(200);
      const again = await call('GET', `/api/bonuses/export.csv?period=${PERIOD}`, as.hr);
      expect(again.text).not.toContain(shadowLineId);
      const line = await app.orm.em.fork().findOneOrFail(BonusRecord, { id: shadowLineId });
      expect([line.shadow, line.status]).toEqual([true, 'proposed']);
      expect(await app.orm.em.fork().count(Review, { bonusRecord: shadowLineId })).toBe(0);
      // with its pilot promoted the scheme has none left to compare
      const none = await call('GET', `/api/schemes/${schemeId}/pilot-diff?period=${PERIOD}`, as.hr);
      expect((none.json.error as Body).code).toBe('scheme.no_pilot');
    });
  });
}
