// Progress of one employee's schemes after their events: each active and pilot version that covers them is
// evaluated for the periods the events touched, through the same pipeline as simulation and close
// (participantsOf → kpiInputsFor → evaluateSchemeForEmployee). Each run is recorded as a `progress`
// evaluation; the rules whose `on` includes "evaluation" become alerts naming it, deduplicated per period.
import type { EntityManager } from '@mikro-orm/sql';
import { type AlertToRaise, evaluateSchemeForEmployee, schemeCovers } from '@yardstick/workflows/shared';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { parsePeriod, periodContaining } from '../../domain/period.ts';
import { evaluationAlerts } from '../alerts/alert-writer.ts';
import { evaluationOutputs, recordEvaluation } from '../ledger/bonus-ledger.service.ts';
import { participantsOf } from './scheme-simulation.ts';

export interface ProgressRun {
  employeeId: string;
  /** period keys the events fell in (months); each version evaluates the period of its kind holding them */
  periods: readonly string[];
  /** the evaluation's as-of: the workflow's time, so a retried run records the same evaluation */
  asOf: Date;
}

export interface ProgressResult {
  evaluations: { schemeVersionId: string; period: string; evaluationId: string; payout: string | null }[];
  alerts: AlertToRaise[];
}

export async function evaluateEmployeeProgress(em: EntityManager, run: ProgressRun): Promise<ProgressResult> {
  const result: ProgressResult = { evaluations: [], alerts: [] };
  const employee = await em.findOne(Employee, { id: run.employeeId });
  if (!employee) return result;
  const department = await em.findOneOrFail(Department, { id: employee.department });
  const versions = (
    await em.find(SchemeVersion, { status: { $in: ['active', 'pilot'] } }, { orderBy: { id: 'asc' } })
  ).filter((v) => schemeCovers(v.definition.scope, employee, department.key));

  for (const version of versions) {
    const definition = version.definition;
    const keys = [
      ...new Set(run.periods.map((p) => periodContaining(definition.periodKind, parsePeriod(p).start).key)),
    ];
    for (const key of keys.sort()) {
      const [participant] = await participantsOf(em, [definition], parsePeriod(key), { kind: 'all' }, [employee.id]);
      // not employed in that period
      if (!participant) continue;
      const evaluation = evaluateSchemeForEmployee(definition, participant.context);
      const { id } = await recordEvaluation(em, {
        schemeVersionId: version.id,
        employeeId: employee.id,
        period: key,
        mode: 'progress',
        asOf: run.asOf,
        inputs: participant.context as unknown as Record<string, unknown>,
        outputs: evaluationOutputs(evaluation),
        trace: evaluation.trace,
      });
      result.evaluations.push({
        schemeVersionId: version.id,
        period: key,
        evaluationId: id,
        payout: evaluation.payout,
      });
      result.alerts.push(
        ...evaluationAlerts(
          { schemeVersionId: version.id, employeeId: employee.id, period: key, evaluationId: id },
          evaluation,
        ),
      );
    }
  }
  return result;
}
