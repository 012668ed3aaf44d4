// Ledger handlers: bonus lines (scope-filtered), the payroll CSV, evaluations and statements.
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { renderTrace, type Trace } from '@yardstick/rules';
import { BonusRecord } from '../../db/entities/bonus-record.entity.ts';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { EmployeeExternalId } from '../../db/entities/employee-external-id.entity.ts';
import { Evaluation } from '../../db/entities/evaluation.entity.ts';
import { Review } from '../../db/entities/review.entity.ts';
import { Scheme } from '../../db/entities/scheme.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { type AccessScope, accessScopeOf, employeeFilter, scopeAllows } from '../../http/access-scope.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { notFound } from '../../lib/errors.ts';
import { fromMinor } from '../../lib/money.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toCsv } from './csv.ts';
import * as routes from './ledger.routes.ts';
import { forUpdate } from './row-lock.ts';

export function ledgerRouter(): AppRouter {
  const router = createRouter();
  router.get('/api/bonuses', requirePermission('bonuses.read'));
  router.get('/api/bonuses/export.csv', requirePermission('bonuses.export'));
  router.get('/api/evaluations', requirePermission('evaluations.read'));
  router.get('/api/employees/:id/statement', requirePermission('statements.read'));

  router.openapi(routes.listBonuses, async (c) => {
    const query = c.req.valid('query');
    const em = c.get('em');
    const scope = await accessScopeOf(em, principalOf(c));
    const where: FilterQuery<BonusRecord> = { employee: await employeeIdsIn(em, scope, query.employee) };
    if (query.department) where.$and = [{ employee: await employeesOfDepartment(em, query.department) }];
    if (query.period) where.period = query.period;
    if (query.status) where.status = query.status;
    if (query.kind) where.kind = query.kind;
    if (query.scheme) {
      const versions = await em.find(SchemeVersion, { scheme: query.scheme }, { fields: ['id'] });
      where.schemeVersion = { $in: versions.map((v) => v.id) };
    }
    if (query.shadow) where.shadow = query.shadow === 'true';
    const lines = await em.find(BonusRecord, where, {
      orderBy: { period: 'desc', createdAt: 'asc', id: 'asc' },
      limit: query.limit,
    });
    return c.json({ items: await bonusViews(em, lines) }, 200);
  });

  router.openapi(routes.exportBonuses, async (c) => {
    const { period } = c.req.valid('query');
    const em = c.get('em');
    const csv = await em.transactional(async (tx) => {
      // FOR UPDATE: a concurrent export waits, then finds these lines exported — none is paid twice
      const lines = await tx.find(
        BonusRecord,
        { period, status: 'approved', shadow: false },
        {
          orderBy: { employee: 'asc', createdAt: 'asc', id: 'asc' },
          ...forUpdate(tx),
        },
      );
      const views = await bonusViews(tx, lines);
      const externalIds = Map.groupBy(
        await tx.find(
          EmployeeExternalId,
          { employee: { $in: lines.map((l) => l.employee) } },
          { orderBy: { source: 'asc' } },
        ),
        (x) => x.employee,
      );
      const rows = views.map((line) => [
        safeText(line.employee.name),
        safeText((externalIds.get(line.employee.id) ?? []).map((x) => `${x.source}:${x.externalId}`).join('; ')),
        line.amount,
        line.currency,
        safeText(`${line.schemeVersion.schemeName.ru} v${line.schemeVersion.version}`),
        line.period,
        'exported',
        line.kind,
        line.id,
      ]);
      for (const line of lines) line.status = 'exported';
      recordAudit(tx, principalOf(c), 'bonus.export', 'bonus_record', period, null, {
        period,
        lines: lines.map((l) => l.id),
        totals: totalsOf(lines),
      });
      await tx.flush();
      return toCsv(
        ['employee', 'external_ids', 'amount', 'currency', 'scheme_version', 'period', 'status', 'kind', 'bonus_id'],
        rows,
      );
    });
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="bonuses-${period.replace(/[^\w.-]/g, '_')}.csv"`,
    });
  });

  router.openapi(routes.listEvaluations, async (c) => {
    const query = c.req.valid('query');
    const em = c.get('em');
    const scope = await accessScopeOf(em, principalOf(c));
    const where: FilterQuery<Evaluation> = { employee: await employeeIdsIn(em, scope, query.employee) };
    if (query.period) where.period = query.period;
    if (query.schemeVersion) where.schemeVersion = query.schemeVersion;
    const evaluations = await em.find(Evaluation, where, { orderBy: { asOf: 'desc', id: 'asc' }, limit: query.limit });
    return c.json(
      {
        items: evaluations.map((e) => ({
          id: e.id,
          schemeVersionId: e.schemeVersion,
          employeeId: e.employee,
          period: e.period,
          mode: e.mode,
          asOf: e.asOf.toISOString(),
          inputs: e.inputs,
          outputs: e.outputs,
          trace: e.trace ?? null,
          createdAt: e.createdAt.toISOString(),
        })),
      },
      200,
    );
  });

  router.openapi(routes.getStatement, async (c) => {
    const { id } = c.req.valid('param');
    const { period } = c.req.valid('query');
    const em = c.get('em');
    const scope = await accessScopeOf(em, principalOf(c));
    const employee = await em.findOne(Employee, { id });
    // someone outside the caller's scope is reported as absent, not as forbidden
    if (!employee || !scopeAllows(scope, employee)) throw notFound(`Employee ${id}`);
    const lines = await em.find(
      BonusRecord,
      // a pilot's shadow lines are never paid: the employee does not see them, HR and managers do
      { employee: id, ...(period ? { period } : {}), ...(scope.kind === 'self' ? { shadow: false } : {}) },
      { orderBy: { period: 'asc', createdAt: 'asc', id: 'asc' } },
    );
    const evaluations = new Map(
      (await em.find(Evaluation, { id: { $in: lines.flatMap((l) => (l.evaluation ? [l.evaluation] : [])) } })).map(
        (e) => [e.id, e],
      ),
    );
    const reviews = new Map(
      (await em.find(Review, { bonusRecord: { $in: lines.map((l) => l.id) } })).map((r) => [r.bonusRecord, r]),
    );
    const views = await bonusViews(em, lines);
    return c.json(
      {
        employee: { id: employee.id, name: employee.name },
        period: period ?? null,
        lines: views.map((view, i) => {
          const line = lines[i] as BonusRecord;
          const evaluation = line.evaluation ? evaluations.get(line.evaluation) : undefined;
          const review = reviews.get(line.id);
          const trace = (evaluation?.trace ?? null) as Trace | null;
          return {
            ...view,
            evaluation: evaluation
              ? {
                  id: evaluation.id,
                  asOf: evaluation.asOf.toISOString(),
                  inputs: evaluation.inputs,
                  outputs: evaluation.outputs,
                  trace,
                  explanation: trace ? { en: renderTrace(trace, 'en'), ru: renderTrace(trace, 'ru') } : null,
                }
              : null,
            review: review
              ? {
                  id: review.id,
                  status: review.status,
                  comment: review.comment ?? null,
                  decidedAt: review.decidedAt?.toISOString() ?? null,
                }
              : null,
          };
        }),
        totals: totalsOf(lines.filter((l) => !l.shadow)),
      },
      200,
    );
  });

  return router;
}

/** The employee filter of a ledger query: the caller's scope, narrowed to one employee if asked. */
async function employeeIdsIn(em: EntityManager, scope: AccessScope, only: string | undefined) {
  const filter = employeeFilter(scope);
  if (!filter) return only ?? { $ne: null };
  const ids = (await em.find(Employee, filter as FilterQuery<Employee>, { fields: ['id'] })).map((e) => e.id);
  return { $in: only ? ids.filter((id) => id === only) : ids };
}

/** The employees of a department and of the departments below it. */
async function employeesOfDepartment(em: EntityManager, departmentId: string) {
  const departments = await em.find(Department, {}, { fields: ['id', 'parent'] });
  const children = Map.groupBy(departments, (d) => d.parent ?? '');
  const ids = new Set<string>();
  const stack = [departmentId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (ids.has(id)) continue;
    ids.add(id);
    for (const child of children.get(id) ?? []) stack.push(child.id);
  }
  const employees = await em.find(Employee, { department: { $in: [...ids] } }, { fields: ['id'] });
  return { $in: employees.map((e) => e.id) };
}

export async function bonusViews(em: EntityManager, lines: readonly BonusRecord[]) {
  const employees = new Map(
    (await em.find(Employee, { id: { $in: [...new Set(lines.map((l) => l.employee))] } })).map((e) => [e.id, e]),
  );
  const versions = new Map(
    (await em.find(SchemeVersion, { id: { $in: [...new Set(lines.map((l) => l.schemeVersion))] } })).map((v) => [
      v.id,
      v,
    ]),
  );
  const schemes = new Map(
    (await em.find(Scheme, { id: { $in: [...new Set([...versions.values()].map((v) => v.scheme))] } })).map((s) => [
      s.id,
      s,
    ]),
  );
  return lines.map((line) => {
    const version = versions.get(line.schemeVersion);
    return {
      id: line.id,
      employee: { id: line.employee, name: employees.get(line.employee)?.name ?? '' },
      schemeVersion: {
        id: line.schemeVersion,
        schemeId: version?.scheme ?? '',
        version: version?.version ?? 0,
        schemeName: (version && schemes.get(version.scheme)?.name) || { en: '', ru: '' },
      },
      period: line.period,
      kind: line.kind,
      cause: line.cause,
      amount: fromMinor(line.amountMinor, line.currency),
      currency: line.currency,
      status: line.status,
      shadow: line.shadow,
      evaluationId: line.evaluation ?? null,
      note: line.note ?? null,
      createdAt: line.createdAt.toISOString(),
      updatedAt: line.updatedAt.toISOString(),
    };
  });
}

function totalsOf(lines: readonly BonusRecord[]) {
  const byCurrency = new Map<string, { proposed: bigint; approved: bigint; exported: bigint }>();
  for (const line of lines) {
    const sums = byCurrency.get(line.currency) ?? { proposed: 0n, approved: 0n, exported: 0n };
    if (line.status !== 'rejected') sums[line.status as keyof typeof sums] += BigInt(line.amountMinor);
    byCurrency.set(line.currency, sums);
  }
  return [...byCurrency].map(([currency, s]) => ({
    currency,
    proposed: fromMinor(s.proposed, currency),
    approved: fromMinor(s.approved, currency),
    exported: fromMinor(s.exported, currency),
  }));
}

/** Text a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an apostrophe. */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
