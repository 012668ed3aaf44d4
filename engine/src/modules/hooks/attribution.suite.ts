// After the answer (written once, run on SQLite and PostgreSQL): the hand-off of stored events to the employee's
// workflow (one signal per clean→dirty transition, a take that makes the employee clean), the delivery log's
// duplicate lines, attribution after the fact (a mapping added, an owner change learned) and Twenty's nonces.
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  type InProcessApp,
  type SessionHeaders,
  startInProcessApp,
} from '../../../test/in-process-app.ts';
import { DirtyEmployee } from '../../db/entities/dirty-employee.entity.ts';
import { EmployeeExternalId } from '../../db/entities/employee-external-id.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { takeWaitingEvents } from '../events/employee-inbox.ts';

interface HookAnswer {
  status: string;
  deliveryId: string;
  events: { stored: string[]; duplicates: number; unmapped: number };
}

export function attributionSuite(label: string, database: Database) {
  describe(`events after the answer on ${label}`, () => {
    let app: InProcessApp;
    let admin: SessionHeaders;
    const employeeOf = new Map<string, string>();
    let sequence = 0;

    const em = () => app.orm.em.fork();
    const hook = async (body: unknown, sourceId = 'demo'): Promise<HookAnswer> => {
      const response = await app.app.request(`/hooks/${sourceId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as HookAnswer;
    };
    const lostDeal = (employee: string, overrides: Record<string, unknown> = {}) => {
      sequence += 1;
      return {
        id: `ev-${sequence}`,
        type: 'deal.lost',
        employee,
        amount: '1200.00',
        currency: 'RUB',
        occurredAt: '2026-11-20T10:00:00Z',
        ...overrides,
      };
    };
    const departmentOf = async (crmUser: string) => {
      const response = await app.call('GET', `/api/employees/${employeeOf.get(crmUser)}`, admin);
      return ((await response.json()) as { departmentId: string }).departmentId;
    };
    const dirty = async (employeeId: string) => em().findOne(DirtyEmployee, { employee: employeeId });
    const eventByExternalId = async (externalId: string) => em().findOneOrFail(Event, { source: 'demo', externalId });

    beforeAll(async () => {
      app = await startInProcessApp(database);
      admin = await app.login('admin@yardstick.demo', 'demo-admin');
      for (const row of await em().find(EmployeeExternalId, { source: 'demo' })) {
        employeeOf.set(row.externalId, row.employee);
      }
    });

    afterAll(async () => {
      await app?.stop();
    });

    describe('hand-off to the workflow', () => {
      it('marks the employee dirty once for a burst and makes them clean when the workflow takes the events', async () => {
        const employee = employeeOf.get('crm-104') as string;
        await hook([lostDeal('crm-104'), lostDeal('crm-104')]);
        const first = await dirty(employee);
        expect(first).not.toBeNull();
        // more events while dirty: the same transition, nothing new to signal
        await hook(lostDeal('crm-104'));
        expect((await dirty(employee))?.dirtySince.getTime()).toBe(first?.dirtySince.getTime());

        const taken = await takeWaitingEvents(em(), { employeeId: employee, batchId: 'batch-1', limit: 200 });
        expect(taken.more).toBe(false);
        expect(taken.events).toHaveLength(3);
        expect(await dirty(employee)).toBeNull();
        // a retried take (the activity ran but its answer was lost) answers the same batch
        const retried = await takeWaitingEvents(em(), { employeeId: employee, batchId: 'batch-1', limit: 200 });
        expect(retried.events.map((e) => e.id).sort()).toEqual(taken.events.map((e) => e.id).sort());
        // a later take finds nothing: every event went to exactly one batch
        const later = await takeWaitingEvents(em(), { employeeId: employee, batchId: 'batch-2', limit: 200 });
        expect(later.events).toEqual([]);

        // the next event is the next transition
        await hook(lostDeal('crm-104'));
        expect(await dirty(employee)).not.toBeNull();
      });

      it('takes a backlog in batches, keeping the employee dirty until the last one', async () => {
        const employee = employeeOf.get('crm-105') as string;
        await hook(Array.from({ length: 5 }, () => lostDeal('crm-105')));
        const first = await takeWaitingEvents(em(), { employeeId: employee, batchId: 'b-1', limit: 2 });
        expect([first.events.length, first.more]).toEqual([2, true]);
        expect(await dirty(employee)).not.toBeNull();
        const second = await takeWaitingEvents(em(), { employeeId: employee, batchId: 'b-2', limit: 2 });
        const third = await takeWaitingEvents(em(), { employeeId: employee, batchId: 'b-3', limit: 2 });
        expect([second.events.length, second.more, third.events.length, third.more]).toEqual([2, true, 1, false]);
        expect(await dirty(employee)).toBeNull();
        const ids = [...first.events, ...second.events, ...third.events].map((e) => e.id);
        expect(new Set(ids).size).toBe(5);
      });

      it('never marks anyone dirty for events kept unmapped', async () => {
        const before = await em().count(DirtyEmployee, {});
        const answer = await hook(lostDeal('crm-nobody-1'));
        expect(answer.events.unmapped).toBe(1);
        expect(await em().count(DirtyEmployee, {})).toBe(before);
      });
    });

    describe('deliveries that arrive together', () => {
      it('are stored in one go yet answered as if one by one: repeats are duplicates, shared events stored once', async () => {
        const shared = lostDeal('crm-111');
        const bodies = [
          ...Array.from({ length: 30 }, () => [lostDeal('crm-111')]),
          [shared],
          [shared], // the same body again: a duplicate delivery
          [shared, lostDeal('crm-111')], // another delivery carrying the shared event
        ];
        const answers = await Promise.all(bodies.map((body) => hook(body)));
        expect(answers.slice(0, 30).every((a) => a.status === 'accepted' && a.events.stored.length === 1)).toBe(true);
        const [first, again, wrapping] = answers.slice(30) as [HookAnswer, HookAnswer, HookAnswer];
        expect([first.status, again.status, wrapping.status]).toEqual(['accepted', 'duplicate', 'accepted']);
        expect(again.deliveryId).toBe(first.deliveryId);
        expect(first.events.stored).toHaveLength(1);
        expect(wrapping.events).toMatchObject({ duplicates: 1 });
        expect(wrapping.events.stored).toHaveLength(1);
        expect(await em().count(Event, { source: 'demo', externalId: shared.id })).toBe(1);
        const ids = answers.flatMap((a) => a.events.stored);
        expect(new Set(ids).size).toBe(32);
        expect(await em().count(Event, { id: { $in: ids } })).toBe(32);
      });

      it('pages the delivery log exactly, though deliveries stored together share a receipt time', async () => {
        await Promise.all(Array.from({ length: 20 }, () => hook(lostDeal('crm-112'))));
        const all = (await (await app.call('GET', '/api/sources/demo/deliveries?limit=500', admin)).json()) as {
          items: { id: string; receivedAt: string }[];
        };
        const times = all.items.map((d) => d.receivedAt);
        expect(new Set(times).size).toBeLessThan(times.length);
        const paged: string[] = [];
        let cursor: string | null = '';
        while (cursor !== null) {
          const query: string = cursor === '' ? '' : `&cursor=${cursor}`;
          const page = (await (
            await app.call('GET', `/api/sources/demo/deliveries?limit=7${query}`, admin)
          ).json()) as {
            items: { id: string }[];
            next: string | null;
          };
          paged.push(...page.items.map((d) => d.id));
          cursor = page.next;
        }
        expect(paged).toEqual(all.items.map((d) => d.id));
        const bad = await app.call('GET', '/api/sources/demo/deliveries?cursor=nonsense', admin);
        expect(bad.status).toBe(422);
      });

      it('refuses only the delivery whose amount its currency cannot hold', async () => {
        const fine = lostDeal('crm-111');
        const [ok, bad] = await Promise.all([
          app.app.request('/hooks/demo', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(fine),
          }),
          app.app.request('/hooks/demo', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(lostDeal('crm-111', { amount: '10.001' })),
          }),
        ]);
        expect([ok.status, bad.status]).toEqual([200, 422]);
        expect(await bad.json()).toMatchObject({ error: { code: 'webhook.invalid_amount' } });
        expect(await em().count(Event, { source: 'demo', externalId: fine.id })).toBe(1);
      });
    });

    describe('the delivery log', () => {
      it('logs a redelivery as a duplicate pointing at the delivery it repeats', async () => {
        const body = lostDeal('crm-106');
        const first = await hook(body);
        const again = await hook(body);
        expect(again).toMatchObject({ status: 'duplicate', deliveryId: first.deliveryId });
        const response = await app.call('GET', '/api/sources/demo/deliveries?status=duplicate', admin);
        expect(response.status).toBe(200);
        const { items } = (await response.json()) as {
          items: { id: string; status: string; duplicateOf: string | null; events: number }[];
        };
        expect(items[0]).toMatchObject({ status: 'duplicate', duplicateOf: first.deliveryId, events: 0 });
        expect(items[0]?.id).not.toBe(first.deliveryId);
      });
    });

    describe('CRM users without an employee', () => {
      it('lists the unmapped users and attributes their events when a mapping is added', async () => {
        await hook([
          lostDeal('crm-new-7', { occurredAt: '2026-11-02T09:00:00Z' }),
          lostDeal('crm-new-7', { type: 'deal.won', occurredAt: '2026-11-03T09:00:00Z' }),
        ]);
        const listed = await app.call('GET', '/api/sources/demo/unmapped-users', admin);
        expect(listed.status).toBe(200);
        const { items } = (await listed.json()) as { items: Record<string, unknown>[] };
        expect(items.find((u) => u.externalUserId === 'crm-new-7')).toEqual({
          externalUserId: 'crm-new-7',
          events: 2,
          firstSeenAt: '2026-11-02T09:00:00.000Z',
          lastSeenAt: '2026-11-03T09:00:00.000Z',
          lastEventType: 'deal.won',
        });

        // an employee without a demo CRM id yet
        const created = await app.call('POST', '/api/employees', admin, {
          name: 'Новый Сотрудник',
          role: 'sales',
          departmentId: await departmentOf('crm-101'),
        });
        expect(created.status).toBe(201);
        const newcomer = ((await created.json()) as { id: string }).id;

        const mapped = await app.call('PUT', '/api/sources/demo/user-mappings/crm-new-7', admin, {
          employeeId: newcomer,
        });
        expect(mapped.status).toBe(200);
        expect(await mapped.json()).toEqual({
          sourceId: 'demo',
          externalUserId: 'crm-new-7',
          employeeId: newcomer,
          employeeName: 'Новый Сотрудник',
          reattributed: 2,
        });
        const events = await em().find(Event, { source: 'demo', externalEmployeeId: 'crm-new-7' });
        expect(events.map((e) => e.employee)).toEqual([newcomer, newcomer]);
        // the re-attributed events wait for the employee's workflow like new ones
        expect(await dirty(newcomer)).not.toBeNull();
        const after = (await (await app.call('GET', '/api/sources/demo/unmapped-users', admin)).json()) as {
          items: { externalUserId: string }[];
        };
        expect(after.items.map((u) => u.externalUserId)).not.toContain('crm-new-7');
        // later events of that user are attributed at once
        expect((await hook(lostDeal('crm-new-7'))).events.unmapped).toBe(0);

        // mapping again is idempotent; the audit log has the mapping
        const again = await app.call('PUT', '/api/sources/demo/user-mappings/crm-new-7', admin, {
          employeeId: newcomer,
        });
        expect(((await again.json()) as { reattributed: number }).reattributed).toBe(0);
        const listing = (await (await app.call('GET', '/api/sources/demo/user-mappings', admin)).json()) as {
          items: { externalUserId: string; employeeName: string }[];
        };
        expect(listing.items).toContainEqual(
          expect.objectContaining({ externalUserId: 'crm-new-7', employeeName: 'Новый Сотрудник' }),
        );
        const audit = (await (await app.call('GET', '/api/audit?entity=source', admin)).json()) as {
          items: { action: string }[];
        };
        expect(audit.items.map((a) => a.action)).toContain('source.user_mapping.create');
      });

      it('refuses a mapping that would give a CRM user or an employee two counterparts', async () => {
        const taken = await app.call('PUT', '/api/sources/demo/user-mappings/crm-101', admin, {
          employeeId: employeeOf.get('crm-102'),
        });
        expect(taken.status).toBe(409);
        expect(await taken.json()).toMatchObject({ error: { code: 'mapping.user_taken' } });
        const second = await app.call('PUT', '/api/sources/demo/user-mappings/crm-other', admin, {
          employeeId: employeeOf.get('crm-102'),
        });
        expect(second.status).toBe(409);
        expect(await second.json()).toMatchObject({ error: { code: 'mapping.employee_taken' } });
        const nobody = await app.call('PUT', '/api/sources/demo/user-mappings/crm-other', admin, {
          employeeId: 'no-such-employee',
        });
        expect(nobody.status).toBe(422);
        expect(await nobody.json()).toMatchObject({ error: { details: [{ path: '/employeeId' }] } });
        const noSource = await app.call('GET', '/api/sources/nope/unmapped-users', admin);
        expect(noSource.status).toBe(404);
      });

      it('unmaps a CRM user: later events are kept unmapped, earlier ones stay attributed', async () => {
        await hook(lostDeal('crm-gone-1'));
        const created = await app.call('POST', '/api/employees', admin, {
          name: 'Временный Сотрудник',
          role: 'sales',
          departmentId: await departmentOf('crm-101'),
          externalIds: { demo: 'crm-gone-1' },
        });
        expect(created.status).toBe(201);
        const id = ((await created.json()) as { id: string }).id;
        // creating the employee with the CRM id attributed what was waiting unmapped
        expect((await em().findOneOrFail(Event, { externalEmployeeId: 'crm-gone-1' })).employee).toBe(id);

        const removed = await app.call('DELETE', '/api/sources/demo/user-mappings/crm-gone-1', admin);
        expect(removed.status).toBe(204);
        expect((await hook(lostDeal('crm-gone-1'))).events.unmapped).toBe(1);
        const events = await em().find(Event, { externalEmployeeId: 'crm-gone-1' }, { orderBy: { createdAt: 'asc' } });
        expect(events.map((e) => e.employee)).toEqual([id, null]);
        const missing = await app.call('DELETE', '/api/sources/demo/user-mappings/crm-gone-1', admin);
        expect(missing.status).toBe(404);
      });

      it('needs the sources permission', async () => {
        const manager = await app.login('manager@yardstick.demo', 'demo-manager');
        const response = await app.call('GET', '/api/sources/demo/unmapped-users', manager);
        expect(response.status).toBe(403);
      });
    });

    describe('owner changes', () => {
      // A deal event as an adapter stores it: keyed by deal, transition and time, with the deal's owner.
      const dealEvent = (deal: string, type: string, at: string, owner: string, attributes = {}) => ({
        id: `deal:${deal}:${type.split('.')[1]}:${at}`,
        type,
        employee: owner,
        amount: '50000.00',
        currency: 'RUB',
        occurredAt: at,
        attributes: { dealId: deal, ...attributes },
      });
      const ownerChange = (deal: string, at: string, from: string, to: string) => ({
        ...dealEvent(deal, 'deal.owner_changed', at, to, { previousOwner: from, owner: to }),
        id: `deal:${deal}:owner:${to}:${at}`,
        amount: null,
      });

      it('gives a win observed after a later owner change back to the owner at the time of the win', async () => {
        // a late re-read: the deal was won at 10:00 by crm-107, handed to crm-108 at 11:00, read at 12:00
        const win = dealEvent('900', 'deal.won', '2026-11-20T10:00:00.000Z', 'crm-108');
        await hook(win);
        expect((await eventByExternalId(win.id)).employee).toBe(employeeOf.get('crm-108'));
        await hook(ownerChange('900', '2026-11-20T11:00:00.000Z', 'crm-107', 'crm-108'));
        const moved = await eventByExternalId(win.id);
        expect([moved.externalEmployeeId, moved.employee]).toEqual(['crm-107', employeeOf.get('crm-107')]);
        expect(await dirty(employeeOf.get('crm-107') as string)).not.toBeNull();
      });

      it('attributes a late win by the owner change learned before it, and leaves later events alone', async () => {
        await hook(ownerChange('901', '2026-11-21T11:00:00.000Z', 'crm-109', 'crm-110'));
        const early = dealEvent('901', 'deal.stage_changed', '2026-11-21T09:00:00.000Z', 'crm-110');
        const late = dealEvent('901', 'deal.won', '2026-11-21T15:00:00.000Z', 'crm-110');
        await hook([early, late]);
        expect((await eventByExternalId(early.id)).employee).toBe(employeeOf.get('crm-109'));
        expect((await eventByExternalId(late.id)).employee).toBe(employeeOf.get('crm-110'));
      });

      it('trusts the owner a transition was observed with when no owner change follows it', async () => {
        await hook(ownerChange('902', '2026-11-22T08:00:00.000Z', 'crm-111', 'crm-112'));
        // observed at the transition with someone else as owner (a change the CRM never sent)
        const win = dealEvent('902', 'deal.won', '2026-11-22T12:00:00.000Z', 'crm-113');
        await hook(win);
        expect((await eventByExternalId(win.id)).employee).toBe(employeeOf.get('crm-113'));
      });
    });

    describe('Twenty nonces', () => {
      const SECRET = 'twenty-webhook-secret-for-tests';
      const send = (body: string, nonce: string) => {
        const timestamp = String(Date.now());
        const signature = createHmac('sha256', SECRET).update(`${timestamp}:${body}`).digest('hex');
        return app.app.request('/hooks/tw', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-twenty-webhook-timestamp': timestamp,
            'x-twenty-webhook-signature': signature,
            'x-twenty-webhook-nonce': nonce,
          },
          body,
        });
      };

      it('refuses a signed request replayed with its nonce, and deduplicates a retry with a new one', async () => {
        const created = await app.call('POST', '/api/sources', admin, {
          id: 'tw',
          name: 'Twenty',
          kind: 'twenty',
          secret: SECRET,
          settings: {},
        });
        expect(created.status).toBe(201);
        const body = JSON.stringify({
          eventName: 'person.created',
          workspaceId: 'ws-1',
          eventDate: '2026-11-20T10:00:00.000Z',
          record: { id: 'p-1', createdAt: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z' },
        });
        const nonce = randomBytes(16).toString('hex');
        expect((await send(body, nonce)).status).toBe(200);
        const replayed = await send(body, nonce);
        expect(replayed.status).toBe(401);
        expect(await replayed.json()).toMatchObject({ error: { code: 'webhook.replayed' } });
        const retry = await send(body, randomBytes(16).toString('hex'));
        expect(retry.status).toBe(200);
        expect(((await retry.json()) as HookAnswer).status).toBe('duplicate');
        const log = (await (await app.call('GET', '/api/sources/tw/deliveries', admin)).json()) as {
          items: { status: string; error: { code: string } | null }[];
        };
        expect(log.items.map((d) => d.status).sort()).toEqual(['accepted', 'duplicate', 'rejected']);
        expect(log.items.find((d) => d.status === 'rejected')?.error?.code).toBe('webhook.replayed');
      });
    });
  });
}
