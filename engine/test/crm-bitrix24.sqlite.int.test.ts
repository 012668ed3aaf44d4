// A Bitrix24 deal on the whole stack: the form hook is answered at once, the enrichment outbox re-reads the
// deal from a fake Bitrix24 speaking its REST shape, and the lost deal reaches the owner's evaluation
// workflow, which raises the demo scheme's "big deal lost" alert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmployeeExternalId } from '../src/db/entities/employee-external-id.entity.ts';
import { bitrix24Deal, crmFixture, type FakeBitrix24, startFakeBitrix24 } from './fake-crms/index.ts';
import { eventually, startTestStack, type TestStack } from './stack.ts';
import { createToken, login } from './thin-slice.ts';

const TOKEN = '51856fefc120afa4b628cc82d3935cce';

describe('Bitrix24 webhook on SQLite + Temporal dev server', () => {
  let stack: TestStack;
  let bitrix: FakeBitrix24;
  beforeAll(async () => {
    bitrix = await startFakeBitrix24();
    stack = await startTestStack({ database: 'sqlite' });
  });
  afterAll(async () => {
    await stack?.stop();
    await bitrix?.stop();
  });

  it('answers the hook at once, re-reads the deal and alerts on the lost deal of the mapped owner', async () => {
    const { url } = stack;
    const auth = { authorization: `Bearer ${await createToken(url, await login(url))}` };
    const created = await fetch(`${url}/api/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({
        id: 'b24',
        name: 'Bitrix24',
        kind: 'bitrix24',
        secret: TOKEN,
        settings: { webhookUrl: bitrix.webhookUrl },
      }),
    });
    expect(created.status).toBe(201);
    // Bitrix24 user 1 is the demo's Алексей Смирнов
    const em = stack.engine.orm.em.fork();
    const demo = await em.findOneOrFail(EmployeeExternalId, { externalId: 'crm-102' });
    await em.insert(EmployeeExternalId, { id: 'map-b24-1', employee: demo.employee, source: 'b24', externalId: '1' });

    bitrix.deals.set(
      '759',
      bitrix24Deal({
        STAGE_ID: 'LOSE',
        STAGE_SEMANTIC_ID: 'F',
        OPPORTUNITY: '250000.00',
        CURRENCY_ID: 'RUB',
        // today, so that the period is one the demo scheme evaluates
        MOVED_TIME: new Date().toISOString(),
        DATE_MODIFY: new Date().toISOString(),
      }),
    );
    const started = performance.now();
    const hook = await fetch(`${url}/hooks/b24`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: crmFixture('bitrix24/deal-update.form.txt'),
    });
    expect(hook.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hook.json()).toMatchObject({ status: 'accepted', enrichments: 1 });

    const event = await eventually(async () => {
      const response = await fetch(`${url}/api/events?type=deal.lost&limit=1000`, { headers: auth });
      const body = (await response.json()) as { items: { externalId: string; amount: string }[] };
      return body.items.find((e) => e.externalId.startsWith('deal:759:lost:'));
    });
    expect(event).toMatchObject({ amount: '250000.00' });
    expect(bitrix.calls).toEqual([{ route: 'crm.deal.get', id: '759' }]);

    const alert = await eventually(async () => {
      const response = await fetch(`${url}/api/alerts`, { headers: auth });
      const body = (await response.json()) as { items: { cause: { externalId: string } | null }[] };
      return body.items.find((a) => a.cause?.externalId === event.externalId);
    });
    expect(alert).toMatchObject({
      ruleId: 'big-deal-lost',
      employee: { name: 'Алексей Смирнов' },
      cause: { kind: 'event', type: 'deal.lost', amount: '250000.00', currency: 'RUB' },
    });

    const log = await fetch(`${url}/api/sources/b24/deliveries`, { headers: auth });
    const { items } = (await log.json()) as { items: { events: number; enrichments: { status: string }[] }[] };
    expect(items).toEqual([
      expect.objectContaining({ events: 1, enrichments: [expect.objectContaining({ status: 'done' })] }),
    ]);
  });
});
