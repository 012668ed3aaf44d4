// The one writer of alerts. An alert is inserted unless its dedupe key exists, so a retried activity, a replayed
// workflow or a second run of the same evaluation raises nothing twice. The alerts of `evaluation` rules are built
// here too, for the close runs and for each employee's progress alike.
import type { EntityManager } from '@mikro-orm/sql';
import type { AlertToRaise, SchemeEvaluation } from '@yardstick/workflows/shared';
import { Alert } from '../../db/entities/alert.entity.ts';
import { newId } from '../../db/entities/base.ts';

/** Rows per insert statement: far below SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 500;

/** The dedupe key of an evaluation alert: once per version, rule, employee and period, however often evaluated. */
export const evaluationAlertKey = (schemeVersionId: string, ruleId: string, employeeId: string, period: string) =>
  [schemeVersionId, ruleId, employeeId, period, 'evaluation'].join('/');

/** The alerts an evaluation's `evaluation` rules raised, each naming the evaluation as its cause. */
export function evaluationAlerts(
  evaluation: { schemeVersionId: string; employeeId: string; period: string; evaluationId: string | null },
  result: Pick<SchemeEvaluation, 'alerts'>,
): AlertToRaise[] {
  return result.alerts.map((alert) => ({
    dedupeKey: evaluationAlertKey(evaluation.schemeVersionId, alert.ruleId, evaluation.employeeId, evaluation.period),
    schemeVersionId: evaluation.schemeVersionId,
    ruleId: alert.ruleId,
    ruleName: alert.name,
    employeeId: evaluation.employeeId,
    period: evaluation.period,
    severity: alert.severity,
    message: alert.message,
    causeEventId: null,
    causeEvaluationId: evaluation.evaluationId,
  }));
}

/** Inserts the alerts whose dedupe keys are new; answers those (what to announce), in the order given. */
export async function insertAlerts(em: EntityManager, alerts: readonly AlertToRaise[]): Promise<AlertToRaise[]> {
  const raised: AlertToRaise[] = [];
  for (let at = 0; at < alerts.length; at += ROWS_PER_INSERT) {
    const chunk = alerts.slice(at, at + ROWS_PER_INSERT);
    const existing = new Set(
      (await em.find(Alert, { dedupeKey: { $in: chunk.map((a) => a.dedupeKey) } }, { fields: ['dedupeKey'] })).map(
        (a) => a.dedupeKey,
      ),
    );
    // new keys, each once (a step may name one alert twice)
    const fresh: AlertToRaise[] = [];
    for (const alert of chunk) {
      if (existing.has(alert.dedupeKey)) continue;
      existing.add(alert.dedupeKey);
      fresh.push(alert);
    }
    if (fresh.length === 0) continue;
    const now = new Date();
    await em
      .createQueryBuilder(Alert)
      .insert(
        fresh.map((alert) => ({
          id: newId(),
          dedupeKey: alert.dedupeKey,
          schemeVersion: alert.schemeVersionId,
          ruleId: alert.ruleId,
          ruleName: alert.ruleName,
          employee: alert.employeeId,
          period: alert.period,
          severity: alert.severity,
          status: 'open' as const,
          message: alert.message,
          causeEvent: alert.causeEventId,
          causeEvaluation: alert.causeEvaluationId ?? null,
          createdAt: now,
          updatedAt: now,
        })),
      )
      // a concurrent writer of the same key (another replica, a retry in flight) still wins once
      .onConflict('dedupeKey')
      .ignore()
      .execute('run');
    raised.push(...fresh);
  }
  return raised;
}

/**
 * The alerts these evaluations raised, as stored: the same answer on every retry of the step that recorded them
 * (unlike "what this call inserted"), so that whoever announces them after a failure announces them still.
 */
export async function alertsCausedBy(em: EntityManager, evaluationIds: readonly string[]): Promise<AlertToRaise[]> {
  if (evaluationIds.length === 0) return [];
  const alerts: Alert[] = [];
  for (let at = 0; at < evaluationIds.length; at += ROWS_PER_INSERT) {
    alerts.push(...(await em.find(Alert, { causeEvaluation: { $in: evaluationIds.slice(at, at + ROWS_PER_INSERT) } })));
  }
  return alerts.map((alert) => ({
    dedupeKey: alert.dedupeKey,
    schemeVersionId: alert.schemeVersion,
    ruleId: alert.ruleId,
    ruleName: alert.ruleName,
    employeeId: alert.employee,
    period: alert.period,
    severity: alert.severity,
    message: alert.message,
    causeEventId: alert.causeEvent ?? null,
    causeEvaluationId: alert.causeEvaluation ?? null,
  }));
}
