// The people, organization, users and audit API, written once and run on SQLite (people.test.ts)
// and on PostgreSQL (people.postgres.int.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  type InProcessApp,
  type SessionHeaders,
  startInProcessApp,
} from '../../../test/in-process-app.ts';
import { Alert } from '../../db/entities/alert.entity.ts';
import { newId } from '../../db/entities/base.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { SchemeVersion } from '../../db/entities/scheme-version.entity.ts';
import { createCalendarLookup } from '../../domain/calendar.ts';
import { parsePeriod } from '../../domain/period.ts';
import { workingCalendarFor } from '../organization/working-calendar.ts';

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}
const paths = (body: unknown) => ((body as ErrorBody).error.details ?? []).map((d) => d.path);

export function describePeopleApi(database: Database) {
  describe(`people, organization, users and audit API on ${database}`, () => {
    let t: InProcessApp;
    let admin: SessionHeaders;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      t = await startInProcessApp(database);
      admin = await t.login('admin@yardstick.demo', 'demo-admin');
      const departments = (await (await t.call('GET', '/api/departments', admin)).json()) as {
        items: { id: string; key: string }[];
      };
      for (const d of departments.items) ids[d.key] = d.id;
      const employees = (await (await t.call('GET', '/api/employees', admin)).json()) as {
        items: { id: string; externalIds: Record<string, string> }[];
      };
      for (const e of employees.items) ids[e.externalIds.demo as string] = e.id;
    });
    afterAll(async () => {
      await t?.stop();
    });

    const json = async <T>(response: Response | Promise<Response>, status: number): Promise<T> => {
      const r = await response;
      const body = r.status === 204 ? undefined : await r.json();
      expect(r.status, JSON.stringify(body)).toBe(status);
      return body as T;
    };

    describe('organization and working-day calendar', () => {
      it('shows the settings and refuses an unknown currency, time zone or weekday, naming each field', async () => {
        const org = await json<{ currency: string; timeZone: string; weekend: number[] }>(
          t.call('GET', '/api/organization', admin),
          200,
        );
        expect(org).toMatchObject({ currency: 'RUB', timeZone: 'Europe/Moscow', weekend: [6, 7] });
        const bad = await json<ErrorBody>(
          t.call('PATCH', '/api/organization', admin, { currency: 'XYZ', timeZone: 'Mars/Olympus', weekend: [8] }),
          422,
        );
        expect(paths(bad)).toEqual(expect.arrayContaining(['/currency', '/timeZone', '/weekend/0']));
        expect((await json<{ currency: string }>(t.call('GET', '/api/organization', admin), 200)).currency).toBe('RUB');
      });

      it('changes the settings and audits before and after', async () => {
        const changed = await json<{ name: string; timeZone: string }>(
          t.call('PATCH', '/api/organization', admin, { name: 'ООО «Вектор»', timeZone: 'Asia/Yekaterinburg' }),
          200,
        );
        expect(changed).toMatchObject({ name: 'ООО «Вектор»', timeZone: 'Asia/Yekaterinburg', currency: 'RUB' });
        const audit = await json<{
          items: { action: string; before: { timeZone: string }; after: { timeZone: string } }[];
        }>(t.call('GET', '/api/audit?entity=organization', admin), 200);
        expect(audit.items[0]).toMatchObject({
          action: 'organization.update',
          before: { timeZone: 'Europe/Moscow' },
          after: { timeZone: 'Asia/Yekaterinburg' },
        });
        await json(
          t.call('PATCH', '/api/organization', admin, { name: 'ООО «Вектор» (демо)', timeZone: 'Europe/Moscow' }),
          200,
        );
      });

      it('has the Russian 2026 production calendar loaded in the demo: 247 working days', async () => {
        const year = await json<{ loaded: boolean; country: string; workingDays: number; holidays: string[] }>(
          t.call('GET', '/api/calendar?year=2026', admin),
          200,
        );
        expect(year).toMatchObject({ loaded: true, country: 'RU', workingDays: 247 });
        expect(year.holidays).toContain('2026-05-11');
        // the KPI engine's view: May 2026 has 19 working days (1 and 11 May are off)
        const may = await workingCalendarFor(t.orm.em.fork(), parsePeriod('2026-05'));
        expect(createCalendarLookup(may).countWorkingDays('2026-05-01', '2026-05-31')).toBe(19);
      });

      it('falls back to a plain five-day week for a year that was never loaded', async () => {
        const year = await json<{ loaded: boolean; workingDays: number; builtIn: string[] }>(
          t.call('GET', '/api/calendar?year=2027', admin),
          200,
        );
        expect(year).toMatchObject({ loaded: false, workingDays: 261, builtIn: [] });
        const span = await workingCalendarFor(t.orm.em.fork(), parsePeriod('2026-12-28..2027-01-10'));
        // 31 Dec 2026 is a holiday in the loaded year; 1 Jan 2027 is not, as 2027 is not loaded
        expect(createCalendarLookup(span).countWorkingDays('2026-12-28', '2027-01-10')).toBe(9);
      });

      it('validates a year’s days: inside the year, listed once, workdays only on weekends, adding up', async () => {
        const bad = await json<ErrorBody>(
          t.call('PUT', '/api/calendar/2027', admin, {
            holidays: ['2027-01-01', '2026-12-31', '2027-01-01', '2027-02-30'],
            workdays: ['2027-01-04'],
          }),
          422,
        );
        expect(paths(bad)).toEqual(expect.arrayContaining(['/holidays/3']));
        const listed = await json<ErrorBody>(
          t.call('PUT', '/api/calendar/2027', admin, {
            holidays: ['2027-01-01', '2026-12-31', '2027-01-01'],
            workdays: ['2027-01-04'],
          }),
          422,
        );
        expect(paths(listed)).toEqual(['/holidays/1', '/holidays/2', '/workdays/0']);
        const sum = await json<ErrorBody>(
          t.call('PUT', '/api/calendar/2027', admin, {
            holidays: ['2027-01-01'],
            workdays: ['2027-01-09'],
            workingDays: 200,
          }),
          422,
        );
        expect(paths(sum)).toEqual(['/workingDays']);
        expect(sum.error.message).toContain('261');
      });

      it('loads a year by hand, unloads it, and loads a built-in one by country', async () => {
        const loaded = await json<{ loaded: boolean; workingDays: number; workdays: string[] }>(
          t.call('PUT', '/api/calendar/2027', admin, {
            holidays: ['2027-01-01', '2027-01-07'],
            workdays: ['2027-01-09'],
            workingDays: 260,
            source: 'test',
          }),
          200,
        );
        expect(loaded).toMatchObject({ loaded: true, workingDays: 260, workdays: ['2027-01-09'] });
        await json(t.call('DELETE', '/api/calendar/2027', admin), 204);
        await json(t.call('DELETE', '/api/calendar/2027', admin), 404);
        expect((await json<{ loaded: boolean }>(t.call('GET', '/api/calendar?year=2027', admin), 200)).loaded).toBe(
          false,
        );

        const missing = await json<ErrorBody>(t.call('POST', '/api/calendar/2027/load-builtin?country=RU', admin), 404);
        expect(missing.error.code).toBe('calendar.builtin_not_found');
        const ru = await json<{ workingDays: number; country: string }>(
          t.call('POST', '/api/calendar/2026/load-builtin?country=RU', admin),
          200,
        );
        expect(ru).toMatchObject({ workingDays: 247, country: 'RU' });
      });

      it('counts working days with the organization’s weekend: a six-day week has more', async () => {
        await json(t.call('PATCH', '/api/organization', admin, { weekend: [7] }), 200);
        const six = await json<{ workingDays: number; weekend: number[] }>(
          t.call('GET', '/api/calendar?year=2026', admin),
          200,
        );
        expect(six.weekend).toEqual([7]);
        expect(six.workingDays).toBeGreaterThan(247);
        await json(t.call('PATCH', '/api/organization', admin, { weekend: [6, 7] }), 200);
      });
    });

    describe('departments and teams', () => {
      it('keeps the tree acyclic and keys unique', async () => {
        const parent = await json<{ id: string }>(
          t.call('POST', '/api/departments', admin, { key: 'sales', name: 'Продажи' }),
          201,
        );
        const child = await json<{ id: string; parentId: string }>(
          t.call('POST', '/api/departments', admin, { key: 'sales-kazan', name: 'Казань', parentId: parent.id }),
          201,
        );
        expect(child.parentId).toBe(parent.id);
        const dup = await json<ErrorBody>(t.call('POST', '/api/departments', admin, { key: 'sales', name: 'x' }), 409);
        expect(dup.error).toMatchObject({ code: 'department.key_taken' });
        expect(dup.error.message).toContain('"sales"');

        const cycle = await json<ErrorBody>(
          t.call('PATCH', `/api/departments/${parent.id}`, admin, { parentId: child.id }),
          422,
        );
        expect(cycle.error.code).toBe('department.cycle');
        expect(paths(cycle)).toEqual(['/parentId']);
        const self = await json<ErrorBody>(
          t.call('PATCH', `/api/departments/${parent.id}`, admin, { parentId: parent.id }),
          422,
        );
        expect(self.error.code).toBe('department.cycle');
        const unknown = await json<ErrorBody>(
          t.call('POST', '/api/departments', admin, { key: 'x', name: 'x', parentId: 'nope' }),
          422,
        );
        expect(unknown.error.code).toBe('department.parent_unknown');

        const list = await json<{ items: { key: string }[] }>(t.call('GET', '/api/departments', admin), 200);
        const keys = list.items.map((d) => d.key);
        expect(keys.indexOf('sales')).toBeLessThan(keys.indexOf('sales-kazan'));

        const notEmpty = await json<ErrorBody>(t.call('DELETE', `/api/departments/${parent.id}`, admin), 409);
        expect(notEmpty.error.code).toBe('department.not_empty');
        await json(t.call('DELETE', `/api/departments/${child.id}`, admin), 204);
        await json(t.call('DELETE', `/api/departments/${parent.id}`, admin), 204);
        await json(t.call('GET', `/api/departments/${parent.id}`, admin), 404);
      });

      it('refuses to delete a department with employees', async () => {
        const body = await json<ErrorBody>(t.call('DELETE', `/api/departments/${ids['moscow-b2b']}`, admin), 409);
        expect(body.error.code).toBe('department.not_empty');
        expect(body.error.message).toMatch(/8 employee/);
      });

      it('keeps a team’s members in its department and refuses to delete a team with members', async () => {
        const team = await json<{ id: string; departmentId: string }>(
          t.call('POST', '/api/teams', admin, {
            key: 'b2b-hunters',
            name: 'Hunters',
            departmentId: ids['moscow-b2b'],
            leadId: ids['crm-101'],
          }),
          201,
        );
        const wrong = await json<ErrorBody>(
          t.call('PATCH', `/api/employees/${ids['crm-110']}`, admin, { teamId: team.id }),
          422,
        );
        expect(paths(wrong)).toEqual(['/teamId']);
        await json(t.call('PATCH', `/api/employees/${ids['crm-103']}`, admin, { teamId: team.id }), 200);
        const members = await json<{ items: { id: string }[] }>(
          t.call('GET', `/api/employees?team=${team.id}`, admin),
          200,
        );
        expect(members.items.map((e) => e.id)).toEqual([ids['crm-103']]);
        expect((await json<ErrorBody>(t.call('DELETE', `/api/teams/${team.id}`, admin), 409)).error.code).toBe(
          'team.not_empty',
        );
        await json(t.call('PATCH', `/api/employees/${ids['crm-103']}`, admin, { teamId: null }), 200);
        await json(t.call('DELETE', `/api/teams/${team.id}`, admin), 204);
      });
    });

    describe('employees', () => {
      const newcomer = () => ({
        name: 'Вера Орлова',
        role: 'sales',
        departmentId: ids['moscow-b2b'],
        managerId: ids['crm-101'],
        externalIds: { demo: 'crm-900' },
        baseBonus: { amount: '75000.5', currency: 'RUB' },
        hiredOn: '2026-11-02',
      });

      it('creates an employee whose CRM id then attributes webhook events to them', async () => {
        const created = await json<{ id: string; baseBonus: object; externalIds: object }>(
          t.call('POST', '/api/employees', admin, newcomer()),
          201,
        );
        ids.newcomer = created.id;
        expect(created).toMatchObject({
          baseBonus: { amount: '75000.50', currency: 'RUB' },
          externalIds: { demo: 'crm-900' },
        });
        const hook = await t.call(
          'POST',
          '/hooks/demo',
          {},
          {
            id: 'people-1',
            type: 'call.completed',
            employee: 'crm-900',
            occurredAt: '2026-11-03T10:00:00+03:00',
          },
        );
        expect(hook.status).toBe(200);
        const events = await json<{ items: { externalId: string }[] }>(
          t.call('GET', `/api/events?employee=${created.id}`, admin),
          200,
        );
        expect(events.items.map((e) => e.externalId)).toEqual(['people-1']);
      });

      it('shows an employee their own CRM events only, however the filters are set', async () => {
        const unmapped = await t.call(
          'POST',
          '/hooks/demo',
          {},
          {
            id: 'people-unmapped-1',
            type: 'call.completed',
            employee: 'crm-nobody',
            occurredAt: '2026-11-03T11:00:00+03:00',
          },
        );
        expect(unmapped.status).toBe(200);
        const employee = await t.login('employee@yardstick.demo', 'demo-employee');
        const own = await json<{ items: { employeeId: string | null }[] }>(
          t.call('GET', '/api/events?limit=50', employee),
          200,
        );
        expect(own.items.length).toBeGreaterThan(0);
        expect(new Set(own.items.map((e) => e.employeeId))).toEqual(new Set([ids['crm-102']]));
        for (const filter of [`employee=${ids['crm-103']}`, 'unmapped=true']) {
          const other = await json<{ items: unknown[] }>(t.call('GET', `/api/events?${filter}`, employee), 200);
          expect(other.items, filter).toEqual([]);
        }
        // a manager's scope holds no unattributed events either
        const manager = await t.login('manager@yardstick.demo', 'demo-manager');
        const none = await json<{ items: unknown[] }>(t.call('GET', '/api/events?unmapped=true', manager), 200);
        expect(none.items).toEqual([]);
        const all = await json<{ items: { externalId: string }[] }>(
          t.call('GET', '/api/events?unmapped=true', admin),
          200,
        );
        expect(all.items.map((e) => e.externalId)).toContain('people-unmapped-1');
      });

      it('answers 409 naming the CRM id already mapped to someone else, and writes nothing', async () => {
        const before = await t.orm.em.fork().count(Employee, {});
        const taken = await json<ErrorBody>(
          t.call('POST', '/api/employees', admin, { ...newcomer(), externalIds: { demo: 'crm-102' } }),
          409,
        );
        expect(taken.error.code).toBe('employee.external_id_taken');
        expect(taken.error.message).toContain('demo:crm-102');
        expect(taken.error.message).toContain('Алексей Смирнов');
        expect(paths(taken)).toEqual(['/externalIds/demo']);
        expect(await t.orm.em.fork().count(Employee, {})).toBe(before);
      });

      it('lists every problem of an invalid employee with its path', async () => {
        const bad = await json<ErrorBody>(
          t.call('POST', '/api/employees', admin, {
            ...newcomer(),
            departmentId: 'nope',
            managerId: 'nobody',
            externalIds: { 'no-such-source': 'x' },
            baseBonus: { amount: '10.005', currency: 'RUB' },
            hiredOn: '2026-11-02',
            leftOn: '2026-10-01',
          }),
          422,
        );
        expect(paths(bad)).toEqual(
          expect.arrayContaining([
            '/departmentId',
            '/managerId',
            '/externalIds/no-such-source',
            '/baseBonus/amount',
            '/leftOn',
          ]),
        );
        const schema = await json<ErrorBody>(
          t.call('POST', '/api/employees', admin, { ...newcomer(), baseBonus: { amount: 12, currency: 'rub' } }),
          422,
        );
        expect(paths(schema)).toEqual(expect.arrayContaining(['/baseBonus/amount', '/baseBonus/currency']));
      });

      it('refuses a manager chain that loops back', async () => {
        const loop = await json<ErrorBody>(
          t.call('PATCH', `/api/employees/${ids['crm-101']}`, admin, { managerId: ids.newcomer }),
          422,
        );
        expect(paths(loop)).toEqual(['/managerId']);
        expect(loop.error.message).toMatch(/cycle/);
      });

      it('moves a CRM id between employees only once the first lets go of it', async () => {
        await json(t.call('PATCH', `/api/employees/${ids.newcomer}`, admin, { externalIds: { demo: 'crm-901' } }), 200);
        const moved = await json<{ externalIds: object; baseBonus: object }>(
          t.call('GET', `/api/employees/${ids.newcomer}`, admin),
          200,
        );
        expect(moved).toMatchObject({ externalIds: { demo: 'crm-901' }, baseBonus: { amount: '75000.50' } });
        const found = await json<{ items: { id: string }[]; total: number }>(
          t.call('GET', '/api/employees?externalId=demo:crm-901', admin),
          200,
        );
        expect(found).toMatchObject({ total: 1, items: [{ id: ids.newcomer }] });
      });

      it('keeps employees with history (they get leftOn) and deletes one without', async () => {
        const kept = await json<ErrorBody>(t.call('DELETE', `/api/employees/${ids.newcomer}`, admin), 409);
        expect(kept.error.code).toBe('employee.in_use');
        expect(kept.error.message).toMatch(/CRM events/);
        await json(t.call('PATCH', `/api/employees/${ids.newcomer}`, admin, { leftOn: '2026-11-30' }), 200);

        const temp = await json<{ id: string }>(
          t.call('POST', '/api/employees', admin, { ...newcomer(), externalIds: {}, managerId: null }),
          201,
        );
        await json(t.call('DELETE', `/api/employees/${temp.id}`, admin), 204);
        await json(t.call('GET', `/api/employees/${temp.id}`, admin), 404);
      });

      it('answers 409 rather than failing when the database still references the employee', async () => {
        const temp = await json<{ id: string }>(
          t.call('POST', '/api/employees', admin, { ...newcomer(), externalIds: {}, managerId: null }),
          201,
        );
        const em = t.orm.em.fork();
        const [version] = await em.find(SchemeVersion, {}, { limit: 1 });
        em.create(Alert, {
          id: newId(),
          dedupeKey: `people-suite/${temp.id}`,
          schemeVersion: (version as SchemeVersion).id,
          ruleId: 'r',
          ruleName: { en: 'r', ru: 'r' },
          employee: temp.id,
          period: '2026-11',
          severity: 'info',
          status: 'open',
          message: { en: 'm', ru: 'м' },
          causeEvent: null,
        });
        await em.flush();
        const refused = await json<ErrorBody>(t.call('DELETE', `/api/employees/${temp.id}`, admin), 409);
        expect(refused.error.code).toBe('employee.in_use');
        await json(t.call('GET', `/api/employees/${temp.id}`, admin), 200);
      });
    });

    describe('users and sessions', () => {
      it('creates a login that can sign in, with a password of at least 8 characters and a unique e-mail', async () => {
        const short = await json<ErrorBody>(
          t.call('POST', '/api/users', admin, { email: 'hr@x.test', name: 'HR', password: 'short', role: 'hr' }),
          422,
        );
        expect(paths(short)).toEqual(['/password']);
        const hr = await json<{ id: string; active: boolean }>(
          t.call('POST', '/api/users', admin, { email: 'HR@x.test', name: 'HR', password: 'hr-password', role: 'hr' }),
          201,
        );
        ids.hrUser = hr.id;
        expect(hr.active).toBe(true);
        const dup = await json<ErrorBody>(
          t.call('POST', '/api/users', admin, {
            email: 'hr@x.test',
            name: 'HR 2',
            password: 'hr-password',
            role: 'hr',
          }),
          409,
        );
        expect(dup.error).toMatchObject({ code: 'user.email_taken', details: [{ path: '/email' }] });
        const linked = await json<ErrorBody>(
          t.call('POST', '/api/users', admin, {
            email: 'alexey2@x.test',
            name: 'A',
            password: 'password-2',
            role: 'employee',
            employeeId: ids['crm-102'],
          }),
          409,
        );
        expect(linked.error.code).toBe('user.employee_linked');
        expect(linked.error.message).toContain('employee@yardstick.demo');
        const session = await t.login('hr@x.test', 'hr-password');
        const me = await json<{ user: { role: string }; csrfToken: string }>(
          t.call('GET', '/api/auth/me', session),
          200,
        );
        expect(me.user.role).toBe('hr');
        expect(me.csrfToken).toBe(session['x-csrf-token']);
      });

      it('deactivating a user ends their sessions, revokes their tokens and refuses their login', async () => {
        const session = await t.login('hr@x.test', 'hr-password');
        const { token } = await json<{ token: string }>(
          t.call('POST', '/api/tokens', session, { name: 'hr script' }),
          201,
        );
        const bearer = { authorization: `Bearer ${token}` };
        await json(t.call('GET', '/api/employees', bearer), 200);

        const off = await json<{ active: boolean }>(
          t.call('PATCH', `/api/users/${ids.hrUser}`, admin, { active: false }),
          200,
        );
        expect(off.active).toBe(false);
        await json(t.call('GET', '/api/auth/me', session), 401);
        await json(t.call('GET', '/api/employees', bearer), 401);
        const login = await json<ErrorBody>(
          t.call('POST', '/api/auth/login', {}, { email: 'hr@x.test', password: 'hr-password' }),
          403,
        );
        expect(login.error.code).toBe('auth.user_deactivated');
        await json(t.call('PATCH', `/api/users/${ids.hrUser}`, admin, { active: true }), 200);
        await t.login('hr@x.test', 'hr-password');
      });

      it('revokes a demoted user’s tokens that now outrank them', async () => {
        const session = await t.login('hr@x.test', 'hr-password');
        const hrToken = await json<{ token: string }>(t.call('POST', '/api/tokens', session, { name: 'hr' }), 201);
        const viewerToken = await json<{ token: string }>(
          t.call('POST', '/api/tokens', session, { name: 'v', role: 'viewer' }),
          201,
        );
        await json(t.call('PATCH', `/api/users/${ids.hrUser}`, admin, { role: 'employee' }), 200);
        await json(t.call('GET', '/api/auth/me', { authorization: `Bearer ${hrToken.token}` }), 401);
        await json(t.call('GET', '/api/auth/me', { authorization: `Bearer ${viewerToken.token}` }), 200);
        await json(t.call('PATCH', `/api/users/${ids.hrUser}`, admin, { role: 'hr' }), 200);
      });

      it('never leaves the installation without an active admin', async () => {
        const users = await json<{ items: { id: string; email: string }[] }>(t.call('GET', '/api/users', admin), 200);
        const me = users.items.find((u) => u.email === 'admin@yardstick.demo') as { id: string };
        for (const [method, body] of [
          ['PATCH', { role: 'hr' }],
          ['PATCH', { active: false }],
          ['DELETE', undefined],
        ] as const) {
          const refused = await json<ErrorBody>(t.call(method, `/api/users/${me.id}`, admin, body), 409);
          expect(refused.error.code).toBe('user.last_admin');
        }
      });

      it('deletes a user with their sessions and tokens', async () => {
        const temp = await json<{ id: string }>(
          t.call('POST', '/api/users', admin, {
            email: 'temp@x.test',
            name: 'T',
            password: 'temp-password',
            role: 'viewer',
          }),
          201,
        );
        const session = await t.login('temp@x.test', 'temp-password');
        await json(t.call('DELETE', `/api/users/${temp.id}`, admin), 204);
        await json(t.call('GET', '/api/auth/me', session), 401);
        await json(t.call('GET', `/api/users/${temp.id}`, admin), 404);
      });

      it('requires the session’s CSRF token on cookie-authenticated writes, not on bearer-token ones', async () => {
        const { cookie } = admin;
        const missing = await json<ErrorBody>(t.call('POST', '/api/tokens', { cookie }, { name: 'x' }), 403);
        expect(missing.error.code).toBe('auth.csrf_invalid');
        const other = await t.login('hr@x.test', 'hr-password');
        const wrong = await json<ErrorBody>(
          t.call('POST', '/api/tokens', { cookie, 'x-csrf-token': other['x-csrf-token'] }, { name: 'x' }),
          403,
        );
        expect(wrong.error.code).toBe('auth.csrf_invalid');
        // reads need no token
        await json(t.call('GET', '/api/employees', { cookie }), 200);
        const { token } = await json<{ token: string }>(t.call('POST', '/api/tokens', admin, { name: 'script' }), 201);
        await json(
          t.call('POST', '/api/departments', { authorization: `Bearer ${token}` }, { key: 'by-token', name: 'T' }),
          201,
        );
      });

      it('revokes a token: it stops working at once, and others cannot revoke it', async () => {
        const hr = await t.login('hr@x.test', 'hr-password');
        const created = await json<{ id: string; token: string }>(
          t.call('POST', '/api/tokens', hr, { name: 'r' }),
          201,
        );
        const manager = await t.login('manager@yardstick.demo', 'demo-manager');
        await json(t.call('DELETE', `/api/tokens/${created.id}`, manager), 404);
        await json(t.call('GET', '/api/auth/me', { authorization: `Bearer ${created.token}` }), 200);
        await json(t.call('DELETE', `/api/tokens/${created.id}`, hr), 204);
        await json(t.call('GET', '/api/auth/me', { authorization: `Bearer ${created.token}` }), 401);
      });

      it('throttles failed logins per e-mail: 429 with Retry-After, even for the right password', async () => {
        await json(
          t.call('POST', '/api/users', admin, {
            email: 'target@x.test',
            name: 'T',
            password: 'right-password',
            role: 'viewer',
          }),
          201,
        );
        for (let i = 0; i < 10; i += 1) {
          await json(t.call('POST', '/api/auth/login', {}, { email: 'target@x.test', password: `guess-${i}` }), 401);
        }
        const limited = await t.call(
          'POST',
          '/api/auth/login',
          {},
          { email: 'Target@x.test', password: 'right-password' },
        );
        expect(limited.status).toBe(429);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
        expect(((await limited.json()) as ErrorBody).error.code).toBe('auth.rate_limited');
        // other accounts are unaffected
        await t.login('manager@yardstick.demo', 'demo-manager');
      });
    });

    it('documents every route with its error responses in the OpenAPI document', async () => {
      const doc = (await (await t.call('GET', '/openapi.json', {})).json()) as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      };
      const expected: [string, string, string[]][] = [
        ['/api/organization', 'patch', ['200', '401', '403', '422']],
        ['/api/calendar', 'get', ['200', '401', '403', '422']],
        ['/api/calendar/{year}', 'put', ['200', '401', '403', '422']],
        ['/api/calendar/{year}/load-builtin', 'post', ['200', '404']],
        ['/api/departments', 'post', ['201', '401', '403', '409', '422']],
        ['/api/departments/{id}', 'delete', ['204', '403', '404', '409']],
        ['/api/teams/{id}', 'patch', ['200', '404', '409', '422']],
        ['/api/employees', 'get', ['200', '401', '403']],
        ['/api/employees/{id}', 'patch', ['200', '404', '409', '422']],
        ['/api/users', 'post', ['201', '403', '409', '422']],
        ['/api/users/{id}', 'delete', ['204', '404', '409']],
        ['/api/audit', 'get', ['200', '401', '403', '422']],
        ['/api/auth/login', 'post', ['200', '401', '403', '422', '429']],
        ['/api/tokens/{id}', 'delete', ['204', '401', '404']],
      ];
      for (const [path, method, statuses] of expected) {
        expect(Object.keys(doc.paths[path]?.[method]?.responses ?? {}), `${method} ${path}`).toEqual(
          expect.arrayContaining(statuses),
        );
      }
    });

    describe('audit log', () => {
      it('records who changed which employee, before and after, filtered by entity and time, paginated', async () => {
        const since = new Date(Date.now() - 60_000).toISOString();
        const page = await json<{
          items: {
            action: string;
            entityId: string;
            actor: { kind: string; name: string };
            before: { leftOn: string | null } | null;
            after: { leftOn: string | null } | null;
          }[];
          total: number;
        }>(
          t.call('GET', `/api/audit?entity=employee&entityId=${ids.newcomer}&from=${encodeURIComponent(since)}`, admin),
          200,
        );
        expect(page.items.map((i) => i.action)).toEqual(['employee.update', 'employee.update', 'employee.create']);
        expect(page.items[0]).toMatchObject({
          actor: { kind: 'user', name: 'admin@yardstick.demo' },
          before: { leftOn: null },
          after: { leftOn: '2026-11-30' },
        });
        const second = await json<{ items: { action: string }[]; total: number; offset: number }>(
          t.call('GET', `/api/audit?entity=employee&entityId=${ids.newcomer}&limit=1&offset=2`, admin),
          200,
        );
        expect(second).toMatchObject({ total: 3, offset: 2, items: [{ action: 'employee.create' }] });
        const future = await json<{ total: number }>(
          t.call('GET', `/api/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, admin),
          200,
        );
        expect(future.total).toBe(0);
      });

      it('records nothing for a write that changes nothing', async () => {
        const count = async () =>
          (await json<{ total: number }>(t.call('GET', `/api/audit?entityId=${ids.newcomer}`, admin), 200)).total;
        const before = await count();
        await json(t.call('PATCH', `/api/employees/${ids.newcomer}`, admin, {}), 200);
        await json(t.call('PATCH', `/api/employees/${ids.newcomer}`, admin, { leftOn: '2026-11-30' }), 200);
        expect(await count()).toBe(before);
      });

      it('never records a password or its hash', async () => {
        await json(t.call('PATCH', `/api/users/${ids.hrUser}`, admin, { password: 'new-hr-password' }), 200);
        const log = await json<{ items: unknown[] }>(t.call('GET', '/api/audit?entity=app_user&limit=500', admin), 200);
        const text = JSON.stringify(log.items);
        expect(text).not.toMatch(/scrypt|new-hr-password|hr-password/);
        expect(text).toContain('"passwordChanged":true');
      });
    });
  });
}
