// The database side of a scheme run (run on SQLite and PostgreSQL): a batch writes its evaluations, evaluation alerts and close lines
// once however often it is retried; a pilot's close writes shadow lines and needs no review; a locked period
// takes no further close lines.
import type { SchemeDefinition } from '@yardstick/workflows/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type InProcessApp, startInProcessApp } from '../../../test/in-process-app.ts';
import { Alert } from '../../db/entities/alert.entity.ts';
import { newId } from '../../db/entities/base.ts';
import { BonusRecord } from '../../db/entities/bonus-record.entity.ts';
import { Evaluation } from '../../db/entities/evaluation.entity.ts';
import { Review } from '../../db/entities/review.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { DEMO_SCHEME_DEFINITION } from '../../db/seed/demo-data.ts';
import { proposeBonuses } from '../ledger/bonus-ledger.service.ts';
import {
  type BatchRange,
  beginClose,
  closeProposed,
  evaluateBatch,
  lockPeriod,
  type RunSnapshot,
  snapshotRun,
} from './scheme-runs.service.ts';

const PERIOD = '2026-10';
const AS_OF = '2026-10-31T21:00:00.000Z';

const WITH_EVALUATION_ALERT: SchemeDefinition = {
  ...DEMO_SCHEME_DEFINITION,
  alertRules: [
    {
      id: 'evaluated',
      name: { en: 'Evaluated', ru: 'Рассчитано' },
      on: ['evaluation'],
      severity: 'info',
      when: { '>=': [{ var: 'achievement' }, 0] },
      message: { en: 'evaluated', ru: 'рассчитано' },
    },
  ],
};

export function describeSchemeRuns(name: string, database: Database): void {
  describe(`scheme runs: batches and the period state (${name})`, () => {
    let app: InProcessApp;
    let active: SchemeVersion;

    beforeAll(async () => {
      app = await startInProcessApp(database, { now: new Date('2026-11-15T12:00:00Z') });
      const em = app.orm.em.fork();
      const demo = await em.findOneOrFail(SchemeVersion, { version: 1 });
      active = em.create(SchemeVersion, {
        id: newId(),
        scheme: demo.scheme,
        version: 2,
        status: 'active',
        effectiveFrom: '2026-09-01',
        effectiveTo: null,
        definition: WITH_EVALUATION_ALERT,
        publishedAt: new Date(),
      });
      await em.flush();
    });

    afterAll(async () => {
      await app?.stop();
    });

    it('writes each evaluation, evaluation alert and close line once, however often a batch is retried', async () => {
      const snapshot = await snapshotRun(app.orm.em.fork(), { schemeVersionId: active.id, period: PERIOD }, 3);
      expect(snapshot.participants).toBeGreaterThan(3);
      expect(snapshot.batches.every((b) => b.size <= 3)).toBe(true);
      expect(snapshot.batches.reduce((sum, b) => sum + b.size, 0)).toBe(snapshot.participants);

      await beginClose(app.orm.em.fork(), { schemeVersionId: active.id, period: PERIOD, participants: 0 });
      const batch = { schemeVersionId: active.id, period: PERIOD, mode: 'close' as const, asOf: AS_OF };
      const first = [];
      for (const range of snapshot.batches) first.push(await evaluateBatch(app.orm.em.fork(), { ...batch, range }));
      expect(first.map((r) => r.evaluated)).toStrictEqual(snapshot.batches.map((b) => b.size));
      const again = await evaluateBatch(app.orm.em.fork(), { ...batch, range: everyone(snapshot) });

      const n = snapshot.participants;
      expect(first.reduce((sum, r) => sum + r.proposed, 0)).toBe(n);
      expect(first.reduce((sum, r) => sum + r.alertsRaised, 0)).toBe(n);
      expect(again).toMatchObject({ evaluated: n, proposed: 0, alertsRaised: 0 });
      // the retry still names the pending reviews, so that their workflows are started even after a crash
      expect(again.pendingReviewIds).toHaveLength(n);

      const em = app.orm.em.fork();
      const lines = await em.find(BonusRecord, { schemeVersion: active.id, period: PERIOD });
      expect(lines).toHaveLength(n);
      const evaluations = await em.find(Evaluation, { schemeVersion: active.id, period: PERIOD });
      expect(evaluations).toHaveLength(n);
      expect(lines.every((l) => evaluations.some((e) => e.id === l.evaluation && e.employee === l.employee))).toBe(
        true,
      );
      const alerts = await em.find(Alert, { schemeVersion: active.id, period: PERIOD });
      expect(
        alerts.every((a) => evaluations.some((e) => e.id === a.causeEvaluation && e.employee === a.employee)),
      ).toBe(true);
      expect(await em.count(Review, { bonusRecord: { $in: lines.map((l) => l.id) }, status: 'pending' })).toBe(n);

      expect(await closeProposed(app.orm.em.fork(), { schemeVersionId: active.id, period: PERIOD })).toStrictEqual({
        proposed: n,
        reviews: n,
        pending: n,
      });
      expect(await lockPeriod(app.orm.em.fork(), { schemeVersionId: active.id, period: PERIOD })).toBe(false);
    });

    it('locks the period when no review waits, and then refuses further close lines', async () => {
      const em = app.orm.em.fork();
      const lines = await em.find(BonusRecord, { schemeVersion: active.id, period: PERIOD });
      for (const review of await em.find(Review, { bonusRecord: { $in: lines.map((l) => l.id) } })) {
        review.status = 'approved';
      }
      await em.flush();
      expect(await lockPeriod(app.orm.em.fork(), { schemeVersionId: active.id, period: PERIOD })).toBe(true);
      expect(
        await beginClose(app.orm.em.fork(), { schemeVersionId: active.id, period: PERIOD, participants: 0 }),
      ).toStrictEqual({
        status: 'locked',
      });
      const line = lines[0] as BonusRecord;
      await expect(
        proposeBonuses(app.orm.em.fork(), [
          {
            schemeVersionId: active.id,
            employeeId: line.employee,
            period: PERIOD,
            cause: 'period-close',
            amount: '1.00',
            currency: 'RUB',
          },
        ]),
      ).rejects.toMatchObject({ status: 409, code: 'period.locked' });
    });

    it("closes a pilot's period with shadow lines and no reviews", async () => {
      const em = app.orm.em.fork();
      const pilot = em.create(SchemeVersion, {
        id: newId(),
        scheme: active.scheme,
        version: 3,
        status: 'pilot',
        effectiveFrom: '2026-09-01',
        effectiveTo: null,
        definition: DEMO_SCHEME_DEFINITION,
        publishedAt: new Date(),
      });
      await em.flush();
      const snapshot = await snapshotRun(app.orm.em.fork(), { schemeVersionId: pilot.id, period: PERIOD });
      await beginClose(app.orm.em.fork(), { schemeVersionId: pilot.id, period: PERIOD, participants: 0 });
      const result = await evaluateBatch(app.orm.em.fork(), {
        schemeVersionId: pilot.id,
        period: PERIOD,
        mode: 'close',
        asOf: AS_OF,
        range: everyone(snapshot),
      });
      expect(result).toMatchObject({ proposed: snapshot.participants, pendingReviewIds: [] });
      const lines = await em.fork().find(BonusRecord, { schemeVersion: pilot.id, period: PERIOD });
      expect(lines.every((l) => l.shadow && l.status === 'proposed')).toBe(true);
      await closeProposed(app.orm.em.fork(), { schemeVersionId: pilot.id, period: PERIOD });
      expect(await lockPeriod(app.orm.em.fork(), { schemeVersionId: pilot.id, period: PERIOD })).toBe(true);
    });
  });
}

/** one range over every participant of the snapshot */
function everyone(snapshot: RunSnapshot): { from: string; to: string } {
  return {
    from: (snapshot.batches[0] as BatchRange).from,
    to: (snapshot.batches[snapshot.batches.length - 1] as BatchRange).to,
  };
}
