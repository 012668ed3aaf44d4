// Lists alerts with the employee and what caused each: a CRM event or a period evaluation.
import type { FilterQuery } from '@mikro-orm/core';
import { Alert } from '../../db/entities/alert.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Evaluation } from '../../db/entities/evaluation.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { accessScopeOf, employeeFilter } from '../../http/access-scope.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { eventAmount } from '../events/event-amount.ts';
import * as routes from './alerts.routes.ts';

export function alertsRouter(): AppRouter {
  const router = createRouter();
  router.use('/api/alerts', requirePermission('alerts.read'));

  router.openapi(routes.listAlerts, async (c) => {
    const query = c.req.valid('query');
    const em = c.get('em');
    const where: FilterQuery<Alert> = {};
    // managers see their departments' alerts only
    const scope = employeeFilter(await accessScopeOf(em, principalOf(c)));
    if (scope) where.employee = scope;
    if (query.employee) where.$and = [{ employee: query.employee }];
    if (query.status) where.status = query.status;
    const alerts = await em.find(Alert, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: query.limit });
    const employees = new Map(
      (await em.find(Employee, { id: { $in: [...new Set(alerts.map((a) => a.employee))] } })).map((e) => [e.id, e]),
    );
    const eventIds = alerts.map((a) => a.causeEvent).filter((id): id is string => id !== null);
    const events = new Map((await em.find(Event, { id: { $in: eventIds } })).map((e) => [e.id, e]));
    const evaluationIds = alerts.map((a) => a.causeEvaluation).filter((id): id is string => id != null);
    const evaluations = new Map(
      (await em.find(Evaluation, { id: { $in: evaluationIds } }, { fields: ['id', 'mode', 'asOf'] })).map((e) => [
        e.id,
        e,
      ]),
    );
    const items = alerts.map((alert) => {
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
        createdAt: alert.createdAt.toISOString(),
      };
    });
    return c.json({ items }, 200);
  });

  return router;
}
