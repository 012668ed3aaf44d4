// Lists alerts with the employee and what caused each: a CRM event or a period evaluation; acknowledges and
// resolves them, one or many, recording who and when (on the alert and in the audit log).
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'hono';
import { Alert } from '../../db/entities/alert.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Evaluation } from '../../db/entities/evaluation.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { User } from '../../db/entities/user.entity.ts';
import { accessScopeOf, employeeFilter, scopeAllows } from '../../http/access-scope.ts';
import type { AppEnv, AppRouter, Principal } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { eventAmount } from '../events/event-amount.ts';
import * as routes from './alerts.routes.ts';

type AlertAction = 'acknowledge' | 'resolve';

export function alertsRouter(): AppRouter {
  const router = createRouter();
  router.use('/api/alerts', requirePermission('alerts.read'));
  router.post('/api/alerts/*', requirePermission('alerts.manage'));

  router.openapi(routes.listAlerts, async (c) => {
    const query = c.req.valid('query');
    const em = c.get('em');
    const where: FilterQuery<Alert> = {};
    // managers see their departments' alerts only
    const scope = employeeFilter(await accessScopeOf(em, principalOf(c)));
    if (scope) where.employee = scope;
    if (query.employee) where.$and = [{ employee: query.employee }];
    if (query.status) where.status = query.status;
    if (query.severity) where.severity = query.severity;
    const alerts = await em.find(Alert, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: query.limit });
    return c.json({ items: await alertViews(em, alerts) }, 200);
  });

  const actOnOne = async (c: Context<AppEnv>, id: string, action: AlertAction) => {
    const em = c.get('em');
    const [alert] = await alertsInScope(em, principalOf(c), [id]);
    const refusal = refusalOf(alert as Alert, action);
    if (refusal) throw refusal;
    act(em, principalOf(c), alert as Alert, action);
    await em.flush();
    return (await alertViews(em, [alert as Alert]))[0] as never;
  };
  router.openapi(routes.acknowledgeAlert, async (c) =>
    c.json(await actOnOne(c, c.req.valid('param').id, 'acknowledge'), 200),
  );
  router.openapi(routes.resolveAlert, async (c) => c.json(await actOnOne(c, c.req.valid('param').id, 'resolve'), 200));

  const actOnMany = async (c: Context<AppEnv>, ids: readonly string[], action: AlertAction) => {
    const em = c.get('em');
    const alerts = await alertsInScope(em, principalOf(c), [...new Set(ids)]);
    const changed = alerts.filter((alert) => refusalOf(alert, action) === null);
    for (const alert of changed) act(em, principalOf(c), alert, action);
    await em.flush();
    const unchanged = alerts.filter((alert) => !changed.includes(alert)).map((alert) => alert.id);
    return { items: await alertViews(em, changed), unchanged };
  };
  router.openapi(routes.acknowledgeAlerts, async (c) =>
    c.json(await actOnMany(c, c.req.valid('json').ids, 'acknowledge'), 200),
  );
  router.openapi(routes.resolveAlerts, async (c) =>
    c.json(await actOnMany(c, c.req.valid('json').ids, 'resolve'), 200),
  );

  return router;
}

/** The alerts by id, in the order asked; an unknown id or one outside the caller's scope is a 404 for all. */
async function alertsInScope(em: EntityManager, principal: Principal, ids: readonly string[]): Promise<Alert[]> {
  const found = new Map((await em.find(Alert, { id: { $in: [...ids] } })).map((a) => [a.id, a]));
  const scope = await accessScopeOf(em, principal);
  const employees = new Map(
    (await em.find(Employee, { id: { $in: [...new Set([...found.values()].map((a) => a.employee))] } })).map((e) => [
      e.id,
      e,
    ]),
  );
  return ids.map((id) => {
    const alert = found.get(id);
    const employee = alert && employees.get(alert.employee);
    // an alert outside the caller's scope is reported as absent, not as forbidden
    if (!alert || !employee || !scopeAllows(scope, employee)) throw notFound(`Alert ${id}`);
    return alert;
  });
}

/** Why the action does not apply to the alert as it stands, or null when it does. */
function refusalOf(alert: Alert, action: AlertAction): AppError | null {
  if (alert.status === 'resolved') return new AppError(409, 'alert.already_resolved', `Alert ${alert.id} is resolved`);
  if (action === 'acknowledge' && alert.status === 'acknowledged') {
    return new AppError(409, 'alert.already_acknowledged', `Alert ${alert.id} is already acknowledged`);
  }
  return null;
}

function act(em: EntityManager, principal: Principal, alert: Alert, action: AlertAction): void {
  const before = { status: alert.status };
  const now = new Date();
  // resolving an open alert acknowledges it on the way: the inbox shows one history, in order
  if (alert.status === 'open') {
    alert.acknowledgedBy = principal.userId;
    alert.acknowledgedAt = now;
  }
  alert.status = action === 'acknowledge' ? 'acknowledged' : 'resolved';
  if (action === 'resolve') {
    alert.resolvedBy = principal.userId;
    alert.resolvedAt = now;
  }
  recordAudit(em, principal, `alert.${action}`, 'alert', alert.id, before, { status: alert.status });
}

async function alertViews(em: EntityManager, alerts: readonly Alert[]) {
  const employees = new Map(
    (await em.find(Employee, { id: { $in: [...new Set(alerts.map((a) => a.employee))] } })).map((e) => [e.id, e]),
  );
  const eventIds = alerts.map((a) => a.causeEvent).filter((id): id is string => id != null);
  const events = new Map((await em.find(Event, { id: { $in: eventIds } })).map((e) => [e.id, e]));
  const evaluationIds = alerts.map((a) => a.causeEvaluation).filter((id): id is string => id != null);
  const evaluations = new Map(
    (await em.find(Evaluation, { id: { $in: evaluationIds } }, { fields: ['id', 'mode', 'asOf'] })).map((e) => [
      e.id,
      e,
    ]),
  );
  const userIds = alerts.flatMap((a) => [a.acknowledgedBy, a.resolvedBy]).filter((id): id is string => id != null);
  const users = new Map(
    (await em.find(User, { id: { $in: [...new Set(userIds)] } }, { fields: ['id', 'name'] })).map((u) => [u.id, u]),
  );
  const action = (by: string | null | undefined, at: Date | null | undefined) =>
    at ? { by: by ? { id: by, name: users.get(by)?.name ?? '' } : null, at: at.toISOString() } : null;
  return alerts.map((alert) => {
    const event = alert.causeEvent ? events.get(alert.causeEvent) : undefined;
    const evaluation = alert.causeEvaluation ? evaluations.get(alert.causeEvaluation) : undefined;
    return {
      id: alert.id,
      ruleId: alert.ruleId,
      ruleName: alert.ruleName,
      schemeVersionId: alert.schemeVersion,
      severity: alert.severity,
      status: alert.status,
      message: alert.message,
      employee: { id: alert.employee, name: employees.get(alert.employee)?.name ?? '' },
      cause: event
        ? {
            kind: 'event' as const,
            eventId: event.id,
            externalId: event.externalId,
            type: event.type,
            amount: eventAmount(event),
            currency: event.currency ?? null,
            occurredAt: event.occurredAt.toISOString(),
          }
        : evaluation
          ? {
              kind: 'evaluation' as const,
              evaluationId: evaluation.id,
              mode: evaluation.mode,
              asOf: evaluation.asOf.toISOString(),
            }
          : null,
      period: alert.period,
      dedupeKey: alert.dedupeKey,
      acknowledged: action(alert.acknowledgedBy, alert.acknowledgedAt),
      resolved: action(alert.resolvedBy, alert.resolvedAt),
      createdAt: alert.createdAt.toISOString(),
    };
  });
}
