// The alerts inbox as a user meets it, on SQLite (alerts-api.test.ts) and a real PostgreSQL (alerts-api.int.test.ts):
// filters, acknowledge and resolve one or many with who and when recorded, a manager only within their
// departments, an employee not at all, and each change in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  type InProcessApp,
  type SessionHeaders,
  startInProcessApp,
} from '../../../test/in-process-app.ts';
import { AuditLog } from '../../db/entities/audit-log.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { User } from '../../db/entities/user.entity.ts';
import { insertAlerts } from './alert-writer.ts';

interface Body {
  [key: string]: unknown;
}
interface AlertView {
  id: string;
  status: string;
  severity: string;
  employee: { id: string; name: string };
  acknowledged: { by: { id: string; name: string } | null; at: string } | null;
  resolved: { by: { id: string; name: string } | null; at: string } | null;
}

export function describeAlertsApi(label: string, database: Database): void {
  describe(`alerts API (${label})`, () => {
    let app: InProcessApp;
    const as = {} as Record<'admin' | 'manager' | 'employee', SessionHeaders>;
    const ids = {} as Record<'olga' | 'pavel' | 'nikolai' | 'tatiana', string>;
    let managerUserId: string;

    const call = async (method: string, path: string, headers: SessionHeaders, body?: unknown) => {
      const response = await app.call(method, path, headers, body);
      return { status: response.status, json: (await response.json()) as Body };
    };
    const list = async (headers: SessionHeaders, query = '') => {
      const { status, json } = await call('GET', `/api/alerts${query}`, headers);
      expect(status).toBe(200);
      return json.items as AlertView[];
    };

    beforeAll(async () => {
      app = await startInProcessApp(database);
      as.admin = await app.login('admin@yardstick.demo', 'demo-admin');
      as.manager = await app.login('manager@yardstick.demo', 'demo-manager');
      as.employee = await app.login('employee@yardstick.demo', 'demo-employee');
      const em = app.orm.em.fork();
      managerUserId = (await em.findOneOrFail(User, { email: 'manager@yardstick.demo' })).id;
      const version = await em.findOneOrFail(SchemeVersion, { version: 1 });
      const raise = async (name: string, ruleId: string, severity: 'info' | 'warning' | 'critical') => {
        const employee = await em.findOneOrFail(Employee, { name });
        await insertAlerts(em, [
          {
            dedupeKey: `${ruleId}/${employee.id}`,
            schemeVersionId: version.id,
            ruleId,
            ruleName: { en: ruleId, ru: ruleId },
            employeeId: employee.id,
            period: '2026-11',
            severity,
            message: { en: `${ruleId} for ${name}`, ru: `${ruleId} для ${name}` },
            causeEventId: null,
            causeEvaluationId: null,
          },
        ]);
        return (await list(as.admin)).find((a) => a.employee.id === employee.id && a.severity === severity)
          ?.id as string;
      };
      // Ольга and Павел work in the manager's department (moscow-b2b); Николай and Татьяна in spb-retail
      ids.olga = await raise('Ольга Васильева', 'deal-lost', 'warning');
      ids.pavel = await raise('Павел Морозов', 'behind-plan', 'critical');
      ids.nikolai = await raise('Николай Лебедев', 'behind-plan', 'critical');
      ids.tatiana = await raise('Татьяна Козлова', 'deal-lost', 'info');
    });
    afterAll(async () => {
      await app?.stop();
    });

    it('filters by severity, status and employee; a manager sees their departments only', async () => {
      expect((await list(as.admin, '?severity=critical')).map((a) => a.id).sort()).toEqual(
        [ids.pavel, ids.nikolai].sort(),
      );
      const mine = await list(as.manager);
      expect(mine.map((a) => a.id).sort()).toEqual([ids.olga, ids.pavel].sort());
      expect(mine.every((a) => a.status === 'open' && a.acknowledged === null && a.resolved === null)).toBe(true);
      const olga = mine.find((a) => a.id === ids.olga) as AlertView;
      expect((await list(as.admin, `?employee=${olga.employee.id}`)).map((a) => a.id)).toEqual([ids.olga]);
      expect((await call('GET', '/api/alerts?severity=loud', as.admin)).status).toBe(422);
    });

    it('acknowledges, then resolves, recording who and when; a second step is a 409', async () => {
      const acknowledged = await call('POST', `/api/alerts/${ids.olga}/acknowledge`, as.manager);
      expect(acknowledged.status).toBe(200);
      expect(acknowledged.json).toMatchObject({
        id: ids.olga,
        status: 'acknowledged',
        acknowledged: { by: { id: managerUserId } },
        resolved: null,
      });
      const again = await call('POST', `/api/alerts/${ids.olga}/acknowledge`, as.manager);
      expect(again.status).toBe(409);
      expect((again.json.error as Body).code).toBe('alert.already_acknowledged');

      const resolved = await call('POST', `/api/alerts/${ids.olga}/resolve`, as.admin);
      expect(resolved.status).toBe(200);
      expect(resolved.json).toMatchObject({
        status: 'resolved',
        acknowledged: { by: { id: managerUserId } },
        resolved: { by: { name: 'Demo Admin' } },
      });
      const twice = await call('POST', `/api/alerts/${ids.olga}/resolve`, as.admin);
      expect(twice.status).toBe(409);
      expect((twice.json.error as Body).code).toBe('alert.already_resolved');
      expect((await list(as.admin, '?status=resolved')).map((a) => a.id)).toEqual([ids.olga]);

      const audit = await app.orm.em
        .fork()
        .find(AuditLog, { entity: 'alert', entityId: ids.olga }, { orderBy: { action: 'asc' } });
      expect(audit.map((entry) => [entry.action, entry.before, entry.after])).toEqual([
        ['alert.acknowledge', { status: 'open' }, { status: 'acknowledged' }],
        ['alert.resolve', { status: 'acknowledged' }, { status: 'resolved' }],
      ]);
    });

    it('refuses a manager outside their departments (404) and an employee (403)', async () => {
      const outside = await call('POST', `/api/alerts/${ids.nikolai}/acknowledge`, as.manager);
      expect(outside.status).toBe(404);
      expect((await call('POST', '/api/alerts/resolve', as.manager, { ids: [ids.pavel, ids.nikolai] })).status).toBe(
        404,
      );
      expect((await call('POST', `/api/alerts/${ids.pavel}/resolve`, as.employee)).status).toBe(403);
      expect((await call('POST', '/api/alerts/acknowledge', as.employee, { ids: [ids.pavel] })).status).toBe(403);
      // nothing changed by the refusals
      expect((await list(as.admin, '?status=open')).map((a) => a.id).sort()).toEqual(
        [ids.pavel, ids.nikolai, ids.tatiana].sort(),
      );
      expect((await call('POST', '/api/alerts/no-such-alert/resolve', as.admin)).status).toBe(404);
    });

    it('resolves several at once; an open alert resolved is acknowledged too; the resolved are left unchanged', async () => {
      const acknowledged = await call('POST', '/api/alerts/acknowledge', as.admin, { ids: [ids.nikolai, ids.olga] });
      expect(acknowledged.status).toBe(200);
      expect((acknowledged.json.items as AlertView[]).map((a) => [a.id, a.status])).toEqual([
        [ids.nikolai, 'acknowledged'],
      ]);
      expect(acknowledged.json.unchanged).toEqual([ids.olga]);

      const resolved = await call('POST', '/api/alerts/resolve', as.admin, {
        ids: [ids.pavel, ids.nikolai, ids.tatiana, ids.olga],
      });
      expect(resolved.status).toBe(200);
      const items = resolved.json.items as AlertView[];
      expect(items.map((a) => a.id)).toEqual([ids.pavel, ids.nikolai, ids.tatiana]);
      expect(items.every((a) => a.status === 'resolved' && a.acknowledged && a.resolved)).toBe(true);
      expect(resolved.json.unchanged).toEqual([ids.olga]);
      expect(await list(as.admin, '?status=open')).toEqual([]);
      expect((await call('POST', '/api/alerts/resolve', as.admin, { ids: [] })).status).toBe(422);
    });
  });
}
