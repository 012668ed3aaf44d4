// The pilot's shadow run beside the active version, per employee, for one period: what each evaluated (the
// close evaluation, else the latest progress one), the payouts and their difference, the KPI achievements,
// and the shadow bonus lines beside the real ones. Reads only.
import type { EntityManager } from '@mikro-orm/sql';
import { schemeCovers } from '@yardstick/workflows/shared';
import { BonusRecord } from '../../db/entities/bonus-record.entity.ts';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Evaluation } from '../../db/entities/evaluation.entity.ts';
import { Scheme } from '../../db/entities/scheme.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import type { Period } from '../../domain/period.ts';
import { type AccessScope, scopeAllows } from '../../http/access-scope.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { fromMinor, toMinor } from '../../lib/money.ts';
import { bonusViews } from '../ledger/ledger.index.ts';

type EvaluationRow = Pick<Evaluation, 'id' | 'schemeVersion' | 'employee' | 'mode' | 'asOf' | 'outputs'>;

type EvaluationSummary = {
  evaluationId: string;
  mode: string;
  asOf: string;
  payout: string | null;
  currency: string;
  weightedAchievement: number | null;
  achievements: { metric: string; weight: number | null; attainment: number | null; achievement: number | null }[];
};

/** The scheme's pilot version (the newest, if several) beside its active version, for a period. */
export async function pilotDiff(em: EntityManager, schemeId: string, period: Period, scope: AccessScope) {
  if (!(await em.findOne(Scheme, { id: schemeId }, { fields: ['id'] }))) throw notFound(`Scheme ${schemeId}`);
  const versions = await em.find(SchemeVersion, { scheme: schemeId }, { orderBy: { version: 'desc' } });
  const pilot = versions.find((v) => v.status === 'pilot');
  if (!pilot) throw new AppError(409, 'scheme.no_pilot', 'The scheme has no version in pilot');
  if (period.kind !== pilot.definition.periodKind) {
    const message = `must be a ${pilot.definition.periodKind}, as the pilot is`;
    throw new AppError(422, 'validation.failed', `Invalid period: ${message}`, [{ path: '/period', message }]);
  }
  const active = versions.find((v) => v.status === 'active') ?? null;
  const currency = pilot.definition.currency ?? 'RUB';

  // everyone the pilot covers who was employed in the period, and anyone it evaluated there, in the caller's scope
  const departments = new Map((await em.find(Department, {})).map((d) => [d.id, d.key]));
  const evaluations = await em.find(
    Evaluation,
    { schemeVersion: { $in: [pilot.id, ...(active ? [active.id] : [])] }, period: period.key },
    { fields: ['id', 'schemeVersion', 'employee', 'mode', 'asOf', 'outputs'] },
  );
  const evaluated = new Set(evaluations.filter((e) => e.schemeVersion === pilot.id).map((e) => e.employee));
  const employees = (await em.find(Employee, {}, { orderBy: { name: 'asc', id: 'asc' } })).filter(
    (e) =>
      scopeAllows(scope, e) &&
      (evaluated.has(e.id) ||
        ((!e.hiredOn || e.hiredOn <= period.end) &&
          (!e.leftOn || e.leftOn >= period.start) &&
          schemeCovers(pilot.definition.scope, e, departments.get(e.department) ?? ''))),
  );
  const ids = new Set(employees.map((e) => e.id));

  const chosen = new Map<string, EvaluationRow>();
  for (const evaluation of evaluations) {
    if (!ids.has(evaluation.employee)) continue;
    const key = `${evaluation.schemeVersion}|${evaluation.employee}`;
    const current = chosen.get(key);
    if (!current || preferred(evaluation, current)) chosen.set(key, evaluation);
  }

  const lines = await em.find(
    BonusRecord,
    {
      period: period.key,
      employee: { $in: [...ids] },
      schemeVersion: { $in: versions.map((v) => v.id) },
    },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  const views = await bonusViews(em, lines);
  const viewsByEmployee = Map.groupBy(views, (v) => v.employee.id);

  let pilotTotal = 0n;
  let activeTotal = 0n;
  const items = employees.map((employee) => {
    const shadow = summary(chosen.get(`${pilot.id}|${employee.id}`));
    const real = active ? summary(chosen.get(`${active.id}|${employee.id}`)) : null;
    const pilotMinor = minorOf(shadow, currency);
    const activeMinor = minorOf(real, currency);
    pilotTotal += pilotMinor ?? 0n;
    activeTotal += activeMinor ?? 0n;
    const employeeLines = viewsByEmployee.get(employee.id) ?? [];
    return {
      employee: {
        id: employee.id,
        name: employee.name,
        department: departments.get(employee.department) ?? '',
        role: employee.role,
      },
      pilot: shadow,
      active: real,
      difference: pilotMinor !== null && activeMinor !== null ? fromMinor(pilotMinor - activeMinor, currency) : null,
      shadowLines: employeeLines.filter((l) => l.shadow && l.schemeVersion.id === pilot.id),
      realLines: employeeLines.filter((l) => !l.shadow),
    };
  });

  return {
    period: { key: period.key, start: period.start, end: period.end },
    pilot: { id: pilot.id, version: pilot.version },
    active: active ? { id: active.id, version: active.version } : null,
    currency,
    items,
    totals: {
      pilot: fromMinor(pilotTotal, currency),
      active: fromMinor(activeTotal, currency),
      difference: fromMinor(pilotTotal - activeTotal, currency),
      employees: items.length,
      missingPilot: items.filter((i) => i.pilot === null).length,
      missingActive: items.filter((i) => i.active === null).length,
    },
  };
}

/** A close evaluation wins over progress ones; among the same mode the latest as-of wins. */
function preferred(candidate: EvaluationRow, current: EvaluationRow): boolean {
  if (candidate.mode !== current.mode) return candidate.mode === 'close';
  return candidate.asOf.getTime() > current.asOf.getTime();
}

function summary(evaluation: EvaluationRow | undefined): EvaluationSummary | null {
  if (!evaluation) return null;
  const outputs = evaluation.outputs as {
    payout?: unknown;
    currency?: unknown;
    weightedAchievement?: unknown;
    achievements?: unknown;
  };
  const achievements = Array.isArray(outputs.achievements) ? (outputs.achievements as Record<string, unknown>[]) : [];
  const number = (x: unknown) => (typeof x === 'number' ? x : null);
  return {
    evaluationId: evaluation.id,
    mode: evaluation.mode,
    asOf: evaluation.asOf.toISOString(),
    payout: typeof outputs.payout === 'string' ? outputs.payout : null,
    currency: typeof outputs.currency === 'string' ? outputs.currency : '',
    weightedAchievement: number(outputs.weightedAchievement),
    achievements: achievements.map((a) => ({
      metric: String(a.metric ?? ''),
      weight: number(a.weight),
      attainment: number(a.attainment),
      achievement: number(a.achievement),
    })),
  };
}

/** The payout in minor units of the pilot's currency; null when absent or in another currency. */
function minorOf(summary: EvaluationSummary | null, currency: string): bigint | null {
  if (!summary || summary.payout === null) return null;
  if (summary.currency !== '' && summary.currency !== currency) return null;
  return BigInt(toMinor(summary.payout, currency));
}
