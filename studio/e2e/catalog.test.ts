// The catalog screens in a real browser against the whole system: an administrator edits a metric's
// event filter (the engine's problem shows at its place, then the fix saves), exports the plans grid as
// CSV, imports a changed file and sees the grid updated, changes the organization's time zone and
// reads that change in the audit log.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cspViolations, signIn, studioInChromium } from './chromium.ts';

const screenshot = (name: string) =>
  fileURLToPath(new URL(`../../docs/screenshots/studio-${name}.png`, import.meta.url));

describe('catalog screens in Chromium', () => {
  const studio = studioInChromium();

  it('edits a metric filter, imports plans from CSV, changes the time zone and finds it audited', async () => {
    const { stack, browser } = studio;
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const violations = cspViolations(page);

    // --- metrics: the catalog, then the editor of won_amount ---
    await signIn(page, stack.url, '/metrics');
    const table = page.getByTestId('metrics-table');
    await expect.poll(() => table.textContent()).toContain('won_amount');

    await page.locator('[data-metric-key="won_amount"] a').click();
    await page.waitForURL(/\/metrics\/won_amount$/);
    // the filter opens in the visual builder; its JSON view takes the condition as text
    const builder = page.getByTestId('rule-builder').first();
    await expect.poll(() => builder.locator('[data-testid="block"]').count()).toBeGreaterThan(0);
    await page.locator('#metric-filter-panel-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshot('metrics'), fullPage: false });
    await builder.getByRole('tab', { name: 'JSON' }).click();
    const filter = page.getByTestId('metric-filter-json-input');
    await filter.fill('{ "==": [{ "var": "stage" }, "won"] }');
    await page.getByTestId('metric-save').click();
    const problems = page.getByTestId('metric-filter-problems');
    await expect.poll(() => problems.textContent()).toMatch(/\/==\/0.*stage/s);

    await filter.fill('{ "and": [{ "==": [{ "var": "type" }, "deal.won"] }, { ">": [{ "var": "amount" }, 0] }] }');
    await page.getByTestId('metric-save').click();
    await expect.poll(() => page.getByText('Metric won_amount saved').count()).toBeGreaterThan(0);
    await expect.poll(() => problems.count()).toBe(0);
    // the metric's history: the audit log filtered to this record
    await page.getByRole('link', { name: 'Change history' }).click();
    await page.waitForURL(/\/settings\/audit\?entity=metric&entityId=/);
    const change = page.locator('[data-audit-action="metric.update"]').first();
    await expect.poll(() => change.textContent()).toMatch(/filter.*amount/s);

    // --- plans: export the grid, change a target in the file, import it ---
    await page.goto(`${stack.url}/plans`);
    const grid = page.getByTestId('plans-grid');
    await expect.poll(() => grid.locator('tbody tr').count()).toBeGreaterThan(5);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plans-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^plans-\d{4}-\d{2}\.csv$/);
    const exported = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    const [header, first] = exported.split('\r\n') as [string, string];
    expect(header).toBe('employee_id,employee,department,calls,conversion,deals_created,deals_won,won_amount');
    const [employeeId] = first.split(',') as [string];
    const csv = `employee_id,won_amount,deals_won\r\n${employeeId},3 100 000,11\r\nnobody,5,5\r\n`;
    await page
      .getByTestId('plans-import-file')
      .setInputFiles({ name: 'plans.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const preview = page.getByTestId('plans-import-preview');
    await expect.poll(() => preview.locator('[data-line="3"]').textContent()).toContain('No employee “nobody”');
    expect(await preview.locator('[data-line="2"]').textContent()).toMatch(/3,100,000/);
    await page.getByTestId('plans-import-apply').click();
    await expect.poll(() => preview.count()).toBe(0);
    const row = grid.locator(`[data-employee-id="${employeeId}"]`);
    await expect.poll(() => row.locator(`[data-key="${employeeId}|won_amount"]`).inputValue()).toBe('3,100,000');
    expect(await row.locator(`[data-key="${employeeId}|deals_won"]`).inputValue()).toBe('11');

    // typing in the grid: Enter moves down, the change counts, save keeps it
    const cell = row.locator(`[data-key="${employeeId}|calls"]`);
    await cell.click();
    await page.keyboard.type('130');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('plans-pending').textContent()).toBe('1 unsaved change');
    await page.screenshot({ path: screenshot('plans'), fullPage: false });
    await page.getByTestId('plans-save').click();
    await expect.poll(() => page.getByTestId('plans-pending').textContent()).toBe('All changes saved');
    expect(await cell.inputValue()).toBe('130');

    // --- settings: the time zone, then the audit log ---
    await page.goto(`${stack.url}/settings/organization`);
    await page.locator('#org-time-zone').selectOption('Asia/Yekaterinburg');
    await page.getByTestId('organization-save').click();
    await expect.poll(() => page.getByText('Organization settings saved').count()).toBeGreaterThan(0);

    await page.goto(`${stack.url}/settings/audit?entity=organization`);
    const entry = page.locator('[data-audit-action="organization.update"]').first();
    await expect.poll(() => entry.textContent()).toMatch(/timeZone.*Europe\/Moscow.*Asia\/Yekaterinburg/s);
    expect(await entry.textContent()).toContain('admin@yardstick.demo');
    await page.screenshot({ path: screenshot('settings'), fullPage: false });

    expect(violations).toEqual([]);
    await context.close();
  });

  it('adds a user with a role and changes it, and tests a webhook whose URL stays masked', async () => {
    const { stack, browser } = studio;
    // a receiver outside the system: the webhook's test post lands here
    const received: string[] = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(`${request.url} ${body}`);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    const port = (receiver.address() as AddressInfo).port;

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = cspViolations(page);
    await signIn(page, stack.url, '/settings/users');

    await page.locator('#user-email').fill('hr2@yardstick.demo');
    await page.locator('#user-name').fill('Second HR');
    await page.locator('#user-password').fill('hr2-password');
    await page.locator('#user-role').selectOption('hr');
    await page.getByRole('button', { name: 'Create user' }).click();
    const row = page.locator('[data-user-email="hr2@yardstick.demo"]');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('combobox', { name: 'Role of hr2@yardstick.demo' }).selectOption('viewer');
    await expect.poll(() => page.getByText('hr2@yardstick.demo is now Viewer').count()).toBeGreaterThan(0);
    await row.getByRole('button', { name: 'Set password' }).click();
    await page.getByLabel('New password for hr2@yardstick.demo').fill('a-new-password');
    await page.locator('.reset-form').getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.getByText('New password set for hr2@yardstick.demo').count()).toBeGreaterThan(0);
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => row.textContent()).toMatch(/Deactivated/);

    await page.goto(`${stack.url}/settings/notifications`);
    await page.getByRole('button', { name: 'Add a webhook' }).click();
    await page.locator('#webhook-0-name').fill('Ops hook');
    await page.locator('#webhook-0-url').fill(`http://127.0.0.1:${port}/hooks/secret-token`);
    await page.getByRole('button', { name: 'Save channels' }).click();
    await expect.poll(() => page.getByText('Notification channels saved').count()).toBeGreaterThan(0);
    // the stored URL is shown by its origin only
    await expect.poll(() => page.locator('#webhook-0-url').inputValue()).toBe(`http://127.0.0.1:${port}/••••••••`);
    await page.getByTestId('webhook-0').getByRole('button', { name: 'Send a test' }).click();
    await expect.poll(() => page.getByText('Test sent through Ops hook').count()).toBeGreaterThan(0);
    expect(received[0]).toMatch(/^\/hooks\/secret-token /);

    expect(violations).toEqual([]);
    await context.close();
    await new Promise((done) => receiver.close(done));
  });
});
