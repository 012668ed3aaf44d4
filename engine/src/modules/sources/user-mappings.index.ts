// Maps a source's CRM users to employees. Adding a mapping attributes the user's unmapped events at once.

import { newId } from '../../db/entities/base.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { EmployeeExternalId } from '../../db/entities/employee-external-id.entity.ts';
import { Source } from '../../db/entities/source.entity.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { toMillis } from '../../lib/sql-time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { attributeUnmapped } from '../hooks/attribution.ts';
import * as routes from './user-mappings.routes.ts';

export function userMappingsRouter(): AppRouter {
  const router = createRouter();
  router.use('/api/sources/:id/unmapped-users', requirePermission('sources.manage'));
  router.use('/api/sources/:id/user-mappings', requirePermission('sources.manage'));
  router.use('/api/sources/:id/user-mappings/*', requirePermission('sources.manage'));

  router.openapi(routes.listUnmappedUsers, async (c) => {
    const { id } = c.req.valid('param');
    const em = c.get('em');
    if (!(await em.findOne(Source, { id }))) throw notFound('Source');
    const rows = await em
      .getConnection()
      .execute<{ u: string; n: number | string; first_at: unknown; last_at: unknown; last_type: string }[]>(
        `select e.external_employee_id as u, count(*) as n, min(e.occurred_at) as first_at, max(e.occurred_at) as last_at,
              (select l.type from event l
                where l.source_id = e.source_id and l.external_employee_id = e.external_employee_id
                  and l.employee_id is null
                order by l.occurred_at desc, l.id desc limit 1) as last_type
         from event e
        where e.source_id = ? and e.employee_id is null and e.external_employee_id is not null
        group by e.source_id, e.external_employee_id
        order by max(e.occurred_at) desc
        limit 1000`,
        [id],
      );
    return c.json(
      {
        items: rows.map((row) => ({
          externalUserId: row.u,
          events: Number(row.n),
          firstSeenAt: new Date(toMillis(row.first_at)).toISOString(),
          lastSeenAt: new Date(toMillis(row.last_at)).toISOString(),
          lastEventType: row.last_type,
        })),
      },
      200,
    );
  });

  router.openapi(routes.listUserMappings, async (c) => {
    const { id } = c.req.valid('param');
    const em = c.get('em');
    if (!(await em.findOne(Source, { id }))) throw notFound('Source');
    const mappings = await em.find(EmployeeExternalId, { source: id }, { orderBy: { externalId: 'asc' } });
    const names = new Map(
      (await em.find(Employee, { id: { $in: mappings.map((m) => m.employee) } }, { fields: ['id', 'name'] })).map(
        (e) => [e.id, e.name],
      ),
    );
    return c.json(
      {
        items: mappings.map((m) => ({
          sourceId: id,
          externalUserId: m.externalId,
          employeeId: m.employee,
          employeeName: names.get(m.employee) ?? '',
        })),
      },
      200,
    );
  });

  router.openapi(routes.putUserMapping, async (c) => {
    const { id, externalUserId } = c.req.valid('param');
    const { employeeId } = c.req.valid('json');
    const result = await c.get('em').transactional(async (tx) => {
      if (!(await tx.findOne(Source, { id }))) throw notFound('Source');
      const employee = await tx.findOne(Employee, { id: employeeId });
      if (!employee) {
        throw new AppError(422, 'mapping.invalid', 'No such employee', [
          { path: '/employeeId', message: `No employee ${employeeId}` },
        ]);
      }
      const current = await tx.findOne(EmployeeExternalId, { source: id, externalId: externalUserId });
      if (current && current.employee !== employeeId) {
        const other = await tx.findOne(Employee, { id: current.employee });
        throw new AppError(
          409,
          'mapping.user_taken',
          `CRM user ${externalUserId} is mapped to ${other?.name ?? current.employee}; unmap it first`,
          [{ path: '/externalUserId', message: 'mapped to another employee' }],
        );
      }
      const own = await tx.findOne(EmployeeExternalId, { source: id, employee: employeeId });
      if (own && own.externalId !== externalUserId) {
        throw new AppError(
          409,
          'mapping.employee_taken',
          `${employee.name} is already CRM user ${own.externalId} in this source; unmap that one first`,
          [{ path: '/employeeId', message: `already CRM user ${own.externalId}` }],
        );
      }
      if (!current) {
        await tx.insert(EmployeeExternalId, {
          id: newId(),
          source: id,
          externalId: externalUserId,
          employee: employeeId,
        });
        recordAudit(tx, principalOf(c), 'source.user_mapping.create', 'source', id, null, {
          externalUserId,
          employeeId,
        });
      }
      const reattributed = await attributeUnmapped(tx, { sourceId: id, crmUserId: externalUserId, employeeId });
      await tx.flush();
      return { sourceId: id, externalUserId, employeeId, employeeName: employee.name, reattributed };
    });
    if (result.reattributed > 0) void c.get('deps').dispatcher.kick();
    return c.json(result, 200);
  });

  router.openapi(routes.deleteUserMapping, async (c) => {
    const { id, externalUserId } = c.req.valid('param');
    await c.get('em').transactional(async (tx) => {
      const mapping = await tx.findOne(EmployeeExternalId, { source: id, externalId: externalUserId });
      if (!mapping) throw notFound('Mapping');
      tx.remove(mapping);
      recordAudit(
        tx,
        principalOf(c),
        'source.user_mapping.delete',
        'source',
        id,
        {
          externalUserId,
          employeeId: mapping.employee,
        },
        null,
      );
      await tx.flush();
    });
    return c.body(null, 204);
  });

  return router;
}
