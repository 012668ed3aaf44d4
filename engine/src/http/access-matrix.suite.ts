// The access matrix: every role × every people/organization/audit route plus alerts, events and
// tokens × a target in the caller's own department or another one. One table says what each role
// gets (2xx, 403, 404); list routes are also checked to return exactly what the role's scope allows.
// Run on SQLite (access-matrix.test.ts) and PostgreSQL (access-matrix.postgres.int.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type InProcessApp, type SessionHeaders, startInProcessApp } from '../../test/in-process-app.ts';
import { Alert } from '../db/entities/alert.entity.ts';
import { newId } from '../db/entities/base.ts';
import { SchemeVersion } from '../db/entities/scheme-version.entity.ts';
import type { UserRole } from '../db/entities/user.entity.ts';

const ROLES = ['admin', 'hr', 'manager', 'employee', 'viewer'] as const satisfies readonly UserRole[];
type Role = (typeof ROLES)[number];
type Caller = Role | 'anonymous';

/** The demo's people the matrix aims at: the employee user is Алексей (crm-102, moscow-b2b, the
 * manager's department); `own` is a colleague in that department; `other` is in spb-retail. */
type Target = 'self' | 'own' | 'other' | 'none';

interface World {
  dept: Record<'own' | 'other', string>;
  team: Record<'own' | 'other', string>;
  employee: Record<'self' | 'own' | 'other', string>;
  userId: string;
}

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** the route as documented */
  route: string;
  targets: Target[];
  /** the concrete path for a target; may create what it deletes (as admin) */
  path: (w: World, target: Target, make: Maker, caller: Caller) => string | Promise<string>;
  body?: (w: World, target: Target, caller: Caller) => unknown;
  /** the status each role gets; a function when it depends on the target */
  expect: Partial<Record<Role, number | ((target: Target) => number)>>;
}

/** creates what a DELETE row deletes: as admin, or a token as the given caller */
type Maker = (
  kind: 'department' | 'team' | 'employee' | 'user' | 'calendar' | 'token',
  owner?: Role,
) => Promise<string>;

const everyone = (status: number) => Object.fromEntries(ROLES.map((r) => [r, status])) as Record<Role, number>;
const only = (allowed: Role[], status: number) =>
  Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? status : 403])) as Record<Role, number>;
/** readers see everything, managers their departments, employees themselves; outside: 404 */
const scoped = {
  admin: 200,
  hr: 200,
  viewer: 200,
  manager: (t: Target) => (t === 'other' ? 404 : 200),
  employee: (t: Target) => (t === 'self' ? 200 : 404),
};
const ownOnly = (t: Target) => (t === 'own' ? 204 : 404);
const scopedDepartment = { ...scoped, employee: (t: Target) => (t === 'other' ? 404 : 200) };

let sequence = 0;
function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

const ROWS: Row[] = [
  {
    method: 'GET',
    route: '/api/organization',
    targets: ['none'],
    path: () => '/api/organization',
    expect: everyone(200),
  },
  {
    method: 'PATCH',
    route: '/api/organization',
    targets: ['none'],
    path: () => '/api/organization',
    body: () => ({ locale: 'ru' }),
    expect: only(['admin'], 200),
  },
  {
    method: 'GET',
    route: '/api/calendar',
    targets: ['none'],
    path: () => '/api/calendar?year=2026',
    expect: everyone(200),
  },
  {
    method: 'PUT',
    route: '/api/calendar/{year}',
    targets: ['none'],
    path: () => '/api/calendar/2030',
    body: () => ({ holidays: ['2030-01-01'], workdays: [] }),
    expect: only(['admin'], 200),
  },
  {
    method: 'POST',
    route: '/api/calendar/{year}/load-builtin',
    targets: ['none'],
    path: () => '/api/calendar/2026/load-builtin?country=RU',
    expect: only(['admin'], 200),
  },
  {
    method: 'DELETE',
    route: '/api/calendar/{year}',
    targets: ['none'],
    path: async (_w, _t, make) => `/api/calendar/${await make('calendar')}`,
    expect: only(['admin'], 204),
  },

  {
    method: 'GET',
    route: '/api/departments',
    targets: ['none'],
    path: () => '/api/departments',
    expect: everyone(200),
  },
  {
    method: 'GET',
    route: '/api/departments/{id}',
    targets: ['own', 'other'],
    path: (w, t) => `/api/departments/${w.dept[t as 'own' | 'other']}`,
    expect: scopedDepartment,
  },
  {
    method: 'POST',
    route: '/api/departments',
    targets: ['own', 'other'],
    path: () => '/api/departments',
    body: (w, t) => ({ key: unique('m-dept'), name: 'Matrix', parentId: w.dept[t as 'own' | 'other'] }),
    expect: only(['admin', 'hr'], 201),
  },
  {
    method: 'PATCH',
    route: '/api/departments/{id}',
    targets: ['own', 'other'],
    path: (w, t) => `/api/departments/${w.dept[t as 'own' | 'other']}`,
    body: () => ({ name: 'Продажи' }),
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'DELETE',
    route: '/api/departments/{id}',
    targets: ['none'],
    path: async (_w, _t, make) => `/api/departments/${await make('department')}`,
    expect: only(['admin', 'hr'], 204),
  },

  { method: 'GET', route: '/api/teams', targets: ['none'], path: () => '/api/teams', expect: everyone(200) },
  {
    method: 'GET',
    route: '/api/teams/{id}',
    targets: ['own', 'other'],
    path: (w, t) => `/api/teams/${w.team[t as 'own' | 'other']}`,
    expect: scopedDepartment,
  },
  {
    method: 'POST',
    route: '/api/teams',
    targets: ['own', 'other'],
    path: () => '/api/teams',
    body: (w, t) => ({ key: unique('m-team'), name: 'Matrix', departmentId: w.dept[t as 'own' | 'other'] }),
    expect: only(['admin', 'hr'], 201),
  },
  {
    method: 'PATCH',
    route: '/api/teams/{id}',
    targets: ['own', 'other'],
    path: (w, t) => `/api/teams/${w.team[t as 'own' | 'other']}`,
    body: () => ({ name: 'Team' }),
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'DELETE',
    route: '/api/teams/{id}',
    targets: ['none'],
    path: async (_w, _t, make) => `/api/teams/${await make('team')}`,
    expect: only(['admin', 'hr'], 204),
  },

  { method: 'GET', route: '/api/employees', targets: ['none'], path: () => '/api/employees', expect: everyone(200) },
  {
    method: 'GET',
    route: '/api/employees/{id}',
    targets: ['self', 'own', 'other'],
    path: (w, t) => `/api/employees/${w.employee[t as 'self' | 'own' | 'other']}`,
    expect: scoped,
  },
  {
    method: 'GET',
    route: '/api/employees/{id}',
    targets: ['none'],
    path: () => '/api/employees/no-such-employee',
    expect: everyone(404),
  },
  {
    method: 'POST',
    route: '/api/employees',
    targets: ['own', 'other'],
    path: () => '/api/employees',
    body: (w, t) => ({ name: 'Matrix', role: 'sales', departmentId: w.dept[t as 'own' | 'other'] }),
    expect: only(['admin', 'hr'], 201),
  },
  {
    method: 'PATCH',
    route: '/api/employees/{id}',
    targets: ['self', 'own', 'other'],
    path: (w, t) => `/api/employees/${w.employee[t as 'self' | 'own' | 'other']}`,
    body: () => ({ hiredOn: '2024-02-01' }),
    expect: only(['admin', 'hr'], 200),
  },
  {
    method: 'PATCH',
    route: '/api/employees/{id}',
    targets: ['none'],
    path: () => '/api/employees/no-such-employee',
    body: () => ({ hiredOn: '2024-02-01' }),
    expect: only(['admin', 'hr'], 404),
  },
  {
    method: 'DELETE',
    route: '/api/employees/{id}',
    targets: ['none'],
    path: async (_w, _t, make) => `/api/employees/${await make('employee')}`,
    expect: only(['admin', 'hr'], 204),
  },

  { method: 'GET', route: '/api/users', targets: ['none'], path: () => '/api/users', expect: only(['admin'], 200) },
  {
    method: 'GET',
    route: '/api/users/{id}',
    targets: ['none'],
    path: (w) => `/api/users/${w.userId}`,
    expect: only(['admin'], 200),
  },
  {
    method: 'POST',
    route: '/api/users',
    targets: ['none'],
    path: () => '/api/users',
    body: () => ({ email: `${unique('m-user')}@x.test`, name: 'M', password: 'matrix-password', role: 'viewer' }),
    expect: only(['admin'], 201),
  },
  {
    method: 'PATCH',
    route: '/api/users/{id}',
    targets: ['none'],
    path: (w) => `/api/users/${w.userId}`,
    body: () => ({ name: 'Matrix user' }),
    expect: only(['admin'], 200),
  },
  {
    method: 'DELETE',
    route: '/api/users/{id}',
    targets: ['none'],
    path: async (_w, _t, make) => `/api/users/${await make('user')}`,
    expect: only(['admin'], 204),
  },

  { method: 'GET', route: '/api/audit', targets: ['none'], path: () => '/api/audit', expect: only(['admin'], 200) },
  {
    method: 'GET',
    route: '/api/alerts',
    targets: ['none'],
    path: () => '/api/alerts',
    expect: only(['admin', 'hr', 'manager'], 200),
  },
  {
    method: 'GET',
    route: '/api/events',
    targets: ['none'],
    path: () => '/api/events',
    expect: only(['admin', 'hr', 'manager'], 200),
  },
  { method: 'GET', route: '/api/tokens', targets: ['none'], path: () => '/api/tokens', expect: everyone(200) },
  {
    method: 'POST',
    route: '/api/tokens',
    targets: ['none'],
    path: () => '/api/tokens',
    body: () => ({ name: 'matrix' }),
    expect: everyone(201),
  },
  {
    method: 'DELETE',
    route: '/api/tokens/{id}',
    targets: ['own', 'other'],
    // own: a token the caller made; other: someone else's (hr's for the admin, the admin's for the rest)
    path: async (_w, target, make, caller) => {
      const owner: Role = target === 'own' && caller !== 'anonymous' ? caller : caller === 'admin' ? 'hr' : 'admin';
      return `/api/tokens/${await make('token', owner)}`;
    },
    expect: { ...everyone(204), hr: ownOnly, manager: ownOnly, employee: ownOnly, viewer: ownOnly },
  },
  { method: 'GET', route: '/api/auth/me', targets: ['none'], path: () => '/api/auth/me', expect: everyone(200) },
];

export function describeAccessMatrix(database: Database) {
  describe(`access matrix on ${database}`, () => {
    let app: InProcessApp;
    const sessions = {} as Record<Role, SessionHeaders>;
    const world = {} as World;
    const crm: Record<string, string> = {};

    const as = (caller: Caller) => (caller === 'anonymous' ? {} : sessions[caller]);
    const ok = async <T>(response: Promise<Response>, status: number): Promise<T> => {
      const r = await response;
      const body = r.status === 204 ? undefined : await r.json();
      expect(r.status, JSON.stringify(body)).toBe(status);
      return body as T;
    };

    beforeAll(async () => {
      app = await startInProcessApp(database);
      sessions.admin = await app.login('admin@yardstick.demo', 'demo-admin');
      for (const role of ['hr', 'viewer'] as const) {
        await ok(
          app.call('POST', '/api/users', sessions.admin, {
            email: `${role}@matrix.test`,
            name: role,
            password: `${role}-password`,
            role,
          }),
          201,
        );
        sessions[role] = await app.login(`${role}@matrix.test`, `${role}-password`);
      }
      sessions.manager = await app.login('manager@yardstick.demo', 'demo-manager');
      sessions.employee = await app.login('employee@yardstick.demo', 'demo-employee');

      const departments = await ok<{ items: { id: string; key: string }[] }>(
        app.call('GET', '/api/departments', sessions.admin),
        200,
      );
      const dept = (key: string) => departments.items.find((d) => d.key === key)?.id as string;
      world.dept = { own: dept('moscow-b2b'), other: dept('spb-retail') };
      const employees = await ok<{ items: { id: string; externalIds: { demo?: string } }[] }>(
        app.call('GET', '/api/employees', sessions.admin),
        200,
      );
      for (const e of employees.items) if (e.externalIds.demo) crm[e.externalIds.demo] = e.id;
      world.employee = {
        self: crm['crm-102'] as string,
        own: crm['crm-103'] as string,
        other: crm['crm-110'] as string,
      };
      world.team = { own: '', other: '' };
      for (const side of ['own', 'other'] as const) {
        const team = await ok<{ id: string }>(
          app.call('POST', '/api/teams', sessions.admin, {
            key: `matrix-${side}`,
            name: side,
            departmentId: world.dept[side],
          }),
          201,
        );
        world.team[side] = team.id;
      }
      const users = await ok<{ items: { id: string; email: string }[] }>(
        app.call('GET', '/api/users', sessions.admin),
        200,
      );
      world.userId = users.items.find((u) => u.email === 'viewer@matrix.test')?.id as string;

      // one alert in each department, so list scopes can be seen
      const em = app.orm.em.fork();
      const version = (await em.find(SchemeVersion, {}, { limit: 1 }))[0] as SchemeVersion;
      for (const crmId of ['crm-103', 'crm-110']) {
        em.create(Alert, {
          id: newId(),
          dedupeKey: `matrix/${crmId}`,
          schemeVersion: version.id,
          ruleId: 'matrix',
          ruleName: { en: 'Matrix', ru: 'Матрица' },
          employee: crm[crmId] as string,
          period: '2026-11',
          severity: 'info',
          status: 'open',
          message: { en: 'm', ru: 'м' },
          causeEvent: null,
        });
      }
      await em.flush();
    });
    afterAll(async () => {
      await app?.stop();
    });

    const make: Maker = async (kind, owner = 'admin') => {
      const admin = sessions.admin;
      switch (kind) {
        case 'token':
          return (
            await ok<{ id: string }>(app.call('POST', '/api/tokens', sessions[owner], { name: 'to revoke' }), 201)
          ).id;
        case 'calendar': {
          await ok(app.call('PUT', '/api/calendar/2031', admin, { holidays: [], workdays: [] }), 200);
          return '2031';
        }
        case 'department':
          return (
            await ok<{ id: string }>(app.call('POST', '/api/departments', admin, { key: unique('d'), name: 'D' }), 201)
          ).id;
        case 'team':
          return (
            await ok<{ id: string }>(
              app.call('POST', '/api/teams', admin, { key: unique('t'), name: 'T', departmentId: world.dept.other }),
              201,
            )
          ).id;
        case 'employee':
          return (
            await ok<{ id: string }>(
              app.call('POST', '/api/employees', admin, { name: 'E', role: 'sales', departmentId: world.dept.other }),
              201,
            )
          ).id;
        case 'user':
          return (
            await ok<{ id: string }>(
              app.call('POST', '/api/users', admin, {
                email: `${unique('u')}@x.test`,
                name: 'U',
                password: 'user-password',
                role: 'viewer',
              }),
              201,
            )
          ).id;
      }
    };

    const auditTotal = async () =>
      (await ok<{ total: number }>(app.call('GET', '/api/audit?limit=1', sessions.admin), 200)).total;

    for (const row of ROWS) {
      for (const target of row.targets) {
        const label = `${row.method} ${row.route}${target === 'none' ? '' : ` (${target})`}`;
        it(`${label}: anonymous → 401`, async () => {
          const path = await row.path(world, target, make, 'anonymous');
          await ok(app.call(row.method, path, {}, row.body?.(world, target, 'anonymous')), 401);
        });
        for (const role of ROLES) {
          const rule = row.expect[role];
          const status = typeof rule === 'function' ? rule(target) : (rule as number);
          it(`${label}: ${role} → ${status}`, async () => {
            const path = await row.path(world, target, make, role);
            const before = status === 403 ? await auditTotal() : 0;
            await ok(app.call(row.method, path, as(role), row.body?.(world, target, role)), status);
            // a refused write leaves no trace
            if (status === 403) expect(await auditTotal()).toBe(before);
          });
        }
      }
    }

    describe('lists contain only what the scope allows', () => {
      const names = async (caller: Role, path: string, key: (item: Record<string, unknown>) => string) => {
        const body = await ok<{ items: Record<string, unknown>[] }>(app.call('GET', path, as(caller)), 200);
        return [...new Set(body.items.map(key))].sort();
      };
      const deptOf = async (employeeIds: string[]) => {
        const all = await ok<{ items: { id: string; departmentId: string }[] }>(
          app.call('GET', '/api/employees?limit=1000', sessions.admin),
          200,
        );
        const byId = new Map(all.items.map((e) => [e.id, e.departmentId]));
        return [...new Set(employeeIds.map((id) => byId.get(id)))].sort();
      };
      const both = () => [world.dept.own, world.dept.other].sort();
      /** the manager's department and every department below it (the matrix adds some) */
      const ownTree = async () => {
        const all = await ok<{ items: { id: string; parentId: string | null }[] }>(
          app.call('GET', '/api/departments', sessions.admin),
          200,
        );
        const tree = new Set([world.dept.own]);
        for (const d of all.items) if (d.parentId && tree.has(d.parentId)) tree.add(d.id);
        return tree;
      };

      it('employees: everyone for admin, hr and viewer; the manager’s department; the employee alone', async () => {
        for (const role of ['admin', 'hr', 'viewer'] as const) {
          expect(await deptOf(await names(role, '/api/employees?limit=1000', (e) => e.id as string))).toEqual(
            expect.arrayContaining(both()),
          );
        }
        const tree = await ownTree();
        const all = await ok<{ items: { id: string; departmentId: string }[] }>(
          app.call('GET', '/api/employees?limit=1000', sessions.admin),
          200,
        );
        const managerSees = await names('manager', '/api/employees?limit=1000', (e) => e.id as string);
        expect(managerSees).toEqual(
          all.items
            .filter((e) => tree.has(e.departmentId))
            .map((e) => e.id)
            .sort(),
        );
        expect(managerSees).toContain(world.employee.own);
        expect(managerSees).not.toContain(world.employee.other);
        expect(await names('employee', '/api/employees', (e) => e.id as string)).toEqual([world.employee.self]);
      });

      it('departments and teams: the manager’s and the employee’s own department only', async () => {
        const tree = [...(await ownTree())].sort();
        expect(tree.length).toBeGreaterThan(1);
        expect(await names('manager', '/api/departments', (d) => d.id as string)).toEqual(tree);
        expect(await names('employee', '/api/departments', (d) => d.id as string)).toEqual([world.dept.own]);
        expect(await names('manager', '/api/teams', (x) => x.departmentId as string)).toEqual([world.dept.own]);
        expect(await names('employee', '/api/teams', (x) => x.departmentId as string)).toEqual([world.dept.own]);
        expect(await names('viewer', '/api/departments', (d) => d.id as string)).toEqual(
          expect.arrayContaining(both()),
        );
      });

      it('alerts and events: a manager sees only their departments’', async () => {
        const alertDepts = await deptOf(
          await names('manager', '/api/alerts', (a) => (a.employee as { id: string }).id),
        );
        expect(alertDepts).toEqual([world.dept.own]);
        expect(await deptOf(await names('hr', '/api/alerts', (a) => (a.employee as { id: string }).id))).toEqual(
          both(),
        );
        const eventDepts = await deptOf(
          await names('manager', '/api/events?limit=1000', (e) => e.employeeId as string),
        );
        expect(eventDepts).toEqual([world.dept.own]);
        // asking for another department's employee by id gives nothing rather than their data
        expect(await names('manager', `/api/events?employee=${world.employee.other}`, (e) => e.id as string)).toEqual(
          [],
        );
        expect(await names('manager', `/api/alerts?employee=${world.employee.other}`, (a) => a.id as string)).toEqual(
          [],
        );
      });

      it('tokens: each caller sees only the tokens they created', async () => {
        for (const role of ROLES) {
          const tokens = await ok<{ items: { name: string; role: string }[] }>(
            app.call('GET', '/api/tokens', as(role)),
            200,
          );
          expect(tokens.items.every((x) => x.role === role)).toBe(true);
        }
      });
    });
  });
}
