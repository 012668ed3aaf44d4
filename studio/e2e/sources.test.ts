// The Sources section in a real browser against the whole system: an admin adds a generic source,
// copies its webhook URL, a sender posts to it (signed, and once with a wrong signature), and the
// delivery log shows both — accepted with its event, rejected with the reason; the sender's user is
// mapped to an employee, who gets the event already stored. Then the admin tries sample bodies, maps
// the sender's own JSON shape live on a sample, and the next real delivery is read with it; the
// source is renamed and its secret rotated. CRM kinds: a poll now, and a failed re-read replayed.
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  bitrix24Deal,
  bitrix24DealUpdateForm,
  pipedriveActivity,
  pipedriveDeal,
  startFakeBitrix24,
  startFakePipedrive,
} from '../../engine/test/fake-crms/index.ts';
import { cspViolations, signIn, studioInChromium } from './chromium.ts';

const screenshot = fileURLToPath(new URL('../../docs/screenshots/studio-sources.png', import.meta.url));

function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

describe('sources in Chromium', () => {
  const studio = studioInChromium();

  it('a generic source: added, URL copied, deliveries logged, its user mapped, bodies tested and mapped, secret rotated', async () => {
    const { stack, browser } = studio;
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    const page = await context.newPage();
    const violations = cspViolations(page);

    await signIn(page, stack.url, '/sources');
    // the demo source is listed; the admin sees the section in the header
    await expect.poll(() => page.locator('[data-source-id="demo"]').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sources' }).count()).toBe(1);

    await page.getByRole('link', { name: 'Add source' }).first().click();
    await page.waitForURL(/\/sources\/new$/);
    await page.getByLabel('Generic JSON').check();
    await page.getByLabel('Name').fill('Web shop');
    await page.getByLabel('Readable id (optional)').fill('UPPER case');
    await page.getByRole('button', { name: 'Add source' }).click();
    await expect
      .poll(() => page.locator('#source-id-problem').textContent())
      .toMatch(/lowercase letters, digits and dashes/i);
    await page.getByLabel('Readable id (optional)').fill('web-shop');
    await page.getByRole('button', { name: 'Add source' }).click();

    const reveal = page.getByTestId('secret-reveal');
    await reveal.waitFor();
    const secret = (await page.getByTestId('created-secret').textContent())?.trim() ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await page.getByRole('button', { name: 'Copy the webhook URL' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Copy the webhook URL' }).textContent()).toMatch(/Copied/);
    // a string: the test's own TypeScript has no DOM types
    const url = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(url).toBe(`${stack.url}/hooks/web-shop`);

    // a sender posts one event signed with the secret, and one with a forged signature
    const body = JSON.stringify({
      id: 'order-1',
      type: 'deal.won',
      employee: 'shop-user-7',
      amount: '1990.00',
      currency: 'RUB',
      occurredAt: new Date().toISOString(),
    });
    const post = (signature: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-yardstick-signature': signature },
        body,
      });
    expect((await post(sign('not-the-secret-at-all', body))).status).toBe(401);
    expect((await post(sign(secret, body))).status).toBe(200);

    await page.getByRole('link', { name: 'Open the source' }).click();
    await page.waitForURL(/\/sources\/web-shop$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Web shop');
    const accepted = page.locator('[data-delivery-id][data-status="accepted"]');
    const rejected = page.locator('[data-delivery-id][data-status="rejected"]');
    await expect.poll(() => accepted.count()).toBe(1);
    expect(await accepted.textContent()).toMatch(/1 event/);
    expect(await rejected.count()).toBe(1);

    // the rejected delivery opens to its reason
    await rejected.getByRole('button').first().press('Enter');
    await expect.poll(() => rejected.textContent()).toMatch(/webhook\.bad_signature/);
    expect(await rejected.getByRole('button').first().getAttribute('aria-expanded')).toBe('true');

    await page.evaluate('document.activeElement?.blur()');
    await page.screenshot({ path: screenshot, fullPage: false, animations: 'disabled' });

    // the filter narrows the log, and is part of the URL
    await page.locator('[data-delivery-filter="rejected"]').click();
    await page.waitForURL(/status=rejected/);
    await expect.poll(() => accepted.count()).toBe(0);
    expect(await rejected.count()).toBe(1);

    // the sender's user is nobody yet: say who it is, and the event already stored counts for them
    await page.locator('[data-tab="users"]').click();
    await page.waitForURL(/tab=users/);
    const crmUser = page.locator('[data-crm-user="shop-user-7"]');
    await crmUser.waitFor();
    expect(await crmUser.locator('td').nth(1).textContent()).toBe('1');
    await crmUser.getByRole('searchbox', { name: 'Find an employee for shop-user-7' }).fill('ольга');
    await expect
      .poll(() => crmUser.getByRole('combobox', { name: 'Employee for shop-user-7' }).inputValue())
      .not.toBe('');
    await crmUser.getByRole('button', { name: 'Map' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'shop-user-7 is now' }).textContent())
      .toMatch(/shop-user-7 is now Ольга Васильева: 1 event re-attributed/);
    await expect.poll(() => crmUser.count()).toBe(0);
    expect(await page.locator('[data-mapped-user="shop-user-7"]').textContent()).toMatch(/Ольга Васильева/);

    // a sample body shows what it would store, here for a CRM user nobody is yet
    await page.locator('[data-tab="test"]').click();
    await page.waitForURL(/tab=test/);
    await page.getByTestId('test-body').fill(body.replace('order-1', 'order-2').replace('shop-user-7', 'shop-user-8'));
    await page.getByTestId('test-send').click();
    const result = page.getByTestId('test-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/deal\.won/);
    expect(await result.locator('[data-test-event="order-2"]').textContent()).toMatch(/shop-user-8 → unmapped/);
    // a sample the source would refuse names what is wrong, by JSON path
    await page.getByTestId('test-body').fill(JSON.stringify({ id: 'x', type: 'Won', occurredAt: 'yesterday' }));
    await page.getByTestId('test-send').click();
    const failure = page.getByTestId('test-failure');
    await failure.waitFor();
    expect(await failure.textContent()).toMatch(/\/occurredAt/);
    // both runs are in the log as tests
    await page.locator('[data-tab="deliveries"]').click();
    await page.locator('[data-delivery-filter="test"]').click();
    await page.waitForURL(/status=test/);
    await expect.poll(() => page.locator('[data-delivery-id][data-status="test"]').count()).toBe(2);

    // the sender's own shape, mapped with JSON pointers and tried live on a sample
    await page.locator('[data-tab="mapping"]').click();
    await page.waitForURL(/tab=mapping/);
    await page.getByTestId('mapping-enabled').check();
    const order = (no: number) => ({
      order: { no, state: 'PAID', seller: 'shop-user-7', total: '500.00', at: new Date().toISOString() },
    });
    await page.getByLabel('Sample body').fill(JSON.stringify(order(17), null, 2));
    for (const [field, expression] of [
      ['id', '/order/no'],
      ['type', '/order/state'],
      ['employee', '/order/seller'],
      ['occurredAt', '/order/at'],
      ['amount', '/order/total'],
      ['currency', 'RUB'],
    ] as const) {
      await page.locator(`[data-mapping-field="${field}"]`).fill(expression);
    }
    await page.getByLabel('Fixed value for Currency').check();
    // a raw type that is not a Yardstick type is refused, with where, until it is named
    await expect.poll(() => page.getByTestId('test-failure').textContent()).toMatch(/\/records\/0\/type/);
    await page.getByRole('button', { name: 'Add type name' }).click();
    await page.getByLabel('Sender’s name 1').fill('PAID');
    await page.getByLabel('Yardstick type 1').fill('deal.won');
    await expect.poll(() => page.getByTestId('test-result').textContent()).toMatch(/deal\.won/);
    expect(await page.getByTestId('test-result').textContent()).toMatch(/500\.00/);
    expect(await page.getByTestId('test-result').textContent()).toMatch(/shop-user-7 → Ольга Васильева/);
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Mapping saved.' }).count()).toBe(1);

    const mapped = JSON.stringify(order(18));
    const delivered = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yardstick-signature': sign(secret, mapped) },
      body: mapped,
    });
    expect(delivered.status).toBe(200);
    await page.locator('[data-tab="deliveries"]').click();
    await page.waitForURL((target) => target.pathname === '/sources/web-shop' && target.search === '');
    await expect.poll(() => accepted.count()).toBe(2);

    // renamed, and the secret rotated: shown once, and the old one no longer signs
    await page.locator('[data-tab="settings"]').click();
    await page.waitForURL(/tab=settings/);
    await page.getByLabel('Name').fill('Web shop (orders)');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Web shop (orders)');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = page.getByTestId('created-secret');
    await rotated.waitFor();
    const newSecret = (await rotated.textContent())?.trim() ?? '';
    expect(newSecret).not.toBe(secret);
    const next = JSON.stringify(order(19));
    const postNext = (key: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-yardstick-signature': sign(key, next) },
        body: next,
      });
    expect((await postNext(secret)).status).toBe(401);
    expect((await postNext(newSecret)).status).toBe(200);

    // the list says so too, in English and in Russian
    await page.getByRole('link', { name: 'All sources' }).click();
    await page.waitForURL((target) => target.pathname === '/sources');
    const count = page.locator('[data-source-id="web-shop"] [data-testid="unmapped-count"]');
    await expect.poll(() => count.textContent()).toMatch(/All mapped/);
    await page.getByRole('button', { name: /^RU$/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Источники данных CRM');
    expect(await count.textContent()).toMatch(/Все сопоставлены/);

    expect(violations).toEqual([]);
    await context.close();
  });

  it('adds a Pipedrive source with API access and polls it now for a missed win and an overdue task', async () => {
    const { stack, browser } = studio;
    const pipedrive = await startFakePipedrive();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    try {
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const due = new Date(Date.now() - 120_000).toISOString();
      pipedrive.deals.set('31', pipedriveDeal({ id: 31, won_time: now, close_time: now, update_time: now }));
      pipedrive.activities.set('501', pipedriveActivity({ due_date: due.slice(0, 10), due_time: due.slice(11, 16) }));

      const page = await context.newPage();
      await signIn(page, stack.url, '/sources/new');
      await page.getByLabel('Pipedrive').check();
      await page.getByLabel('Name').fill('Pipedrive');
      await page.getByLabel('Readable id (optional)').fill('pd');
      await page.getByLabel('HTTP auth user').fill('kpi-hook');
      await page.getByLabel('API token').fill(pipedrive.apiToken);
      await page.getByLabel('Company address').fill(pipedrive.apiBaseUrl);
      await page.getByRole('button', { name: 'Add source' }).click();
      await page.getByTestId('secret-reveal').waitFor();
      expect(await page.getByTestId('secret-reveal').textContent()).toMatch(/Tools and apps → Webhooks/);
      await page.getByRole('link', { name: 'Open the source' }).click();
      await page.waitForURL(/\/sources\/pd$/);

      await page.getByRole('button', { name: 'Poll now' }).click();
      await expect
        .poll(() => page.getByRole('status').filter({ hasText: 'Polled the CRM' }).textContent())
        .toMatch(/deals read: 1, new events: 1, overdue tasks: 1\./);
      await expect.poll(() => page.getByTestId('reconciliation-status').textContent()).toMatch(/Polled /);

      // the deal's owner is a CRM user nobody is yet, with both events waiting
      await page.locator('[data-tab="users"]').click();
      const owner = page.locator('[data-crm-user="867597"]');
      await owner.waitFor();
      expect(await owner.locator('td').nth(1).textContent()).toBe('2');
    } finally {
      await context.close();
      await pipedrive.stop();
    }
  });

  it('replays a Bitrix24 re-read that failed, once the deal is there', async () => {
    const { stack, browser } = studio;
    const bitrix = await startFakeBitrix24();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await signIn(page, stack.url, '/sources/new');
      await page.getByLabel('Bitrix24').check();
      await page.getByLabel('Name').fill('Bitrix24');
      await page.getByLabel('Readable id (optional)').fill('b24');
      // the application token of the fixture's outbound webhook
      await page.getByLabel('Application token').fill('51856fefc120afa4b628cc82d3935cce');
      await page.getByLabel('Inbound webhook URL of the portal').fill(bitrix.webhookUrl);
      await page.getByRole('button', { name: 'Add source' }).click();
      await page.getByTestId('secret-reveal').waitFor();

      // the portal has no deal 761 yet: its re-read fails
      const hook = await fetch(`${stack.url}/hooks/b24`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: bitrix24DealUpdateForm('761', String(Math.floor(Date.now() / 1000))),
      });
      expect(hook.status).toBe(200);
      await page.getByRole('link', { name: 'Open the source' }).click();
      const delivery = page.locator('[data-delivery-id]').first();
      const refreshUntil = async (pattern: RegExp) =>
        expect
          .poll(async () => {
            await page.getByTestId('deliveries-refresh').click();
            return delivery.textContent();
          })
          .toMatch(pattern);
      await refreshUntil(/1 re-read failed/);

      await delivery.getByRole('button').first().click();
      expect(await delivery.textContent()).toMatch(/enrich\.not_found/);
      bitrix.deals.set('761', bitrix24Deal({ ID: '761' }));
      await delivery.getByRole('button', { name: 'Replay the re-read of deal 761' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'is queued again' }).count()).toBe(1);
      await refreshUntil(/1 event/);
      expect(await delivery.locator('[data-enrichment-id] [data-status]').getAttribute('data-status')).toBe('done');
    } finally {
      await context.close();
      await bitrix.stop();
    }
  });

  it('shows a manager neither the section nor its pages', async () => {
    const { stack, browser } = studio;
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await signIn(page, stack.url, '/sources', { email: 'manager@yardstick.demo', password: 'demo-manager' });
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/You do not have access to this/);
    await page.goto(`${stack.url}/alerts`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Alerts' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Sources' }).count()).toBe(0);
    await context.close();
  });
});
