// The employee-events workflow's activities: take an employee's waiting events, raise alerts once, evaluate the
// progress of the employee's schemes for the periods the events touched, and claw back reversed paid deals.
import { Context } from '@temporalio/activity';
import { alertsCausedBy, insertAlerts } from '@yardstick/engine/alerts';
import { applyClawbacks } from '@yardstick/engine/clawback';
import { Department, Employee, Organization, SchemeVersion } from '@yardstick/engine/db';
import { localDateOf, periodContaining } from '@yardstick/engine/domain';
import { takeWaitingEvents } from '@yardstick/engine/inbox';
import { fromMinor } from '@yardstick/engine/money';
import { evaluateEmployeeProgress } from '@yardstick/engine/progress';
import { type AlertToRaise, type EventBatchContext, type Reversal, schemeCovers } from '../shared/index.ts';
import { announceAlerts } from './announce.ts';
import { startReviewWorkflow } from './bonus-review.activities.ts';
import type { ActivityDeps } from './deps.ts';

export function createEmployeeEventsActivities({ orm }: ActivityDeps) {
  return {
    /**
     * Takes the events waiting for the employee (making them clean), with the employee, the alert rules of the
     * schemes that cover them, and each event's period. Idempotent per batch id.
     */
    async takeEventBatch(input: { employeeId: string; batchId: string; limit: number }): Promise<EventBatchContext> {
      const em = orm.em.fork();
      const { events, more } = await takeWaitingEvents(em, input);
      const employee = await em.findOneOrFail(Employee, { id: input.employeeId });
      const department = await em.findOneOrFail(Department, { id: employee.department });
      const organization = await em.findOneOrFail(Organization, { id: 1 });
      const versions = await em.find(SchemeVersion, { status: { $in: ['active', 'pilot'] } });
      const covering = versions.filter((v) => schemeCovers(v.definition.scope, employee, department.key));
      return {
        employee: {
          id: employee.id,
          name: employee.name,
          role: employee.role,
          department: department.key,
          base_bonus: fromMinor(employee.baseBonusMinor, organization.currency),
        },
        schemes: covering.map((v) => ({
          schemeVersionId: v.id,
          rules: v.definition.alertRules,
          clawback: v.definition.clawback ?? null,
        })),
        events: events.map((e) => ({
          event: {
            id: e.id,
            externalId: e.externalId,
            sourceId: e.source,
            type: e.type,
            occurredAt: e.occurredAt.toISOString(),
            amount: e.amountMinor != null && e.currency ? fromMinor(e.amountMinor, e.currency) : null,
            currency: e.currency ?? null,
            attributes: e.attributes,
          },
          period: periodContaining('month', localDateOf(e.occurredAt, organization.timeZone)),
        })),
        more,
      };
    },

    /** Inserts each alert unless its dedupe key exists: retries and replays raise nothing twice. */
    async raiseAlerts(input: { alerts: AlertToRaise[] }): Promise<{ raised: number }> {
      const em = orm.em.fork();
      const raised = await insertAlerts(em, input.alerts);
      // every alert given, not only those new now: a retry after a failed announcement announces them still
      await announceAlerts(em, input.alerts);
      return { raised: raised.length };
    },

    /**
     * Evaluates the employee's active and pilot versions for the periods a batch touched, records each as a
     * `progress` evaluation (as of the workflow's time: a retry records nothing new) and raises the rules on
     * "evaluation" once per period, naming the evaluation.
     */
    async evaluateEmployeeProgress(input: {
      employeeId: string;
      periods: string[];
      asOf: string;
    }): Promise<{ evaluations: number; raised: number }> {
      const em = orm.em.fork();
      const result = await evaluateEmployeeProgress(em, { ...input, asOf: new Date(input.asOf) });
      const raised = await insertAlerts(em, result.alerts);
      await announceAlerts(
        em,
        await alertsCausedBy(
          em,
          result.evaluations.map((e) => e.evaluationId),
        ),
      );
      return { evaluations: result.evaluations.length, raised: raised.length };
    },

    /**
     * Claws back paid periods whose won deals these events reversed: one clawback line per deal and paid period.
     * Each recomputation is as of its reversal (`asOf`, the workflow's time, is not needed here).
     */
    async applyClawbacks(input: {
      employeeId: string;
      reversals: Reversal[];
      asOf: string;
    }): Promise<{ proposed: { bonusRecordId: string; created: boolean; amount: string }[] }> {
      const lines = await applyClawbacks(orm.em.fork(), { employeeId: input.employeeId, reversals: input.reversals });
      // a clawback line under review is reviewed like any other: by its workflow (already started on a retry)
      for (const { reviewId } of lines) {
        if (reviewId) await startReviewWorkflow(Context.current().client, reviewId);
      }
      return { proposed: lines.map((l) => ({ bonusRecordId: l.bonusRecordId, created: l.created, amount: l.amount })) };
    },
  };
}
