// A manager's day in a real browser against the whole system (engine, Temporal, worker, SQLite): a period
// closes and proposes bonuses; the demo manager opens the reviews queue, sees a pending line of her team
// with its deadline and the evaluation behind it, approves it with a reason, and the ledger shows it
// approved. Then she acknowledges and resolves an alert a lost deal raised.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../engine/test/stack.ts';
import { login, postHook } from '../../engine/test/thin-slice.ts';
import { ADMIN, type Credentials, cspViolations, signIn, studioInChromium } from './chromium.ts';

const shots = (name: string) => fileURLToPath(new URL(`../../docs/screenshots/${name}`, import.meta.url));

const MANAGER: Credentials = { email: 'manager@yardstick.demo', password: 'demo-manager' };
/** October 2026: the demo history's month, with events and plans */
const PERIOD = '2026-10';
/** a sales rep of the manager's department (moscow-b2b) */
const REP = 'Алексей Смирнов';

interface Review {
  id: string;
  status: string;
  deadline: string;
  bonus: { id: string; period: string; amount: string; employee: { name: string } };
}

describe('reviews, ledger and alerts in Chromium', () => {
  const studio = studioInChromium();

  it('a manager approves a proposed bonus with a reason, the ledger shows it approved, HR exports it', async () => {
    const { stack, browser } = studio;
    const admin = await login(stack.url);
    const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
      const response = await fetch(`${stack.url}${path}`, {
        method,
        headers: { ...admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as T };
    };

    // HR closes October for the demo scheme: the close proposes one line per participant, each under review
    const schemes = await api<{ items: { id: string; name: { ru: string } }[] }>('GET', '/api/schemes');
    const scheme = schemes.json.items.find((s) => s.name.ru === 'Премия отдела продаж');
    expect(scheme).toBeDefined();
    const close = await api('POST', `/api/schemes/${scheme?.id}/versions/1/evaluate`, {
      period: PERIOD,
      mode: 'close',
    });
    expect(close.status).toBe(202);
    const review = await eventually(async () => {
      const { json } = await api<{ items: Review[] }>('GET', '/api/reviews?status=pending');
      return json.items.find((r) => r.bonus.period === PERIOD && r.bonus.employee.name === REP);
    }, 90_000);

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = cspViolations(page);
    await signIn(page, stack.url, '/reviews', MANAGER);

    // the queue: the rep's pending line with its deadline
    const row = page.locator(`[data-review-id="${review.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(REP);
    const deadline = new Date(review.deadline).toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
    expect(await row.textContent()).toContain(deadline);
    expect(await row.locator('[data-status]').first().getAttribute('data-status')).toBe('pending');

    // the review: what is decided (the evaluation explained), then the decision with a reason
    await row
      .getByRole('link', { name: new RegExp(REP) })
      .last()
      .click();
    await page.waitForURL((url) => url.pathname === `/reviews/${review.id}`);
    await expect.poll(() => page.getByTestId('review-explanation').textContent()).toBeTruthy();
    expect(await page.getByTestId('review-deadline').textContent()).toContain(deadline);
    await page.getByLabel('Comment').fill('Strong October: plan met on won deals');
    await page.screenshot({ path: shots('studio-reviews.png'), fullPage: false });
    await page.getByRole('button', { name: 'Approve bonus' }).click();
    const state = page.locator('section[aria-labelledby="review-state-title"]');
    await expect.poll(() => state.locator('[data-status]').first().getAttribute('data-status')).toBe('approved');
    expect(await state.textContent()).toContain('Strong October: plan met on won deals');

    // the engine agrees, and the ledger shows the line approved
    const decided = await api<Review>('GET', `/api/reviews/${review.id}`);
    expect(decided.json).toMatchObject({ status: 'approved', comment: 'Strong October: plan met on won deals' });
    await page.goto(`${stack.url}/ledger?period=${PERIOD}`);
    const line = page.locator(`[data-bonus-id="${review.bonus.id}"]`);
    await line.waitFor();
    expect(await line.getAttribute('data-bonus-status')).toBe('approved');
    expect(await line.textContent()).toContain('Approved');
    expect(await page.getByTestId('ledger-total').first().textContent()).toMatch(/Payable, RUB/);
    await page.screenshot({ path: shots('studio-ledger.png'), fullPage: false });
    // exporting is HR's: the manager is offered no payroll file
    expect(await page.getByTestId('ledger-export').count()).toBe(0);
    expect(violations).toEqual([]);
    await context.close();

    // HR downloads October's payroll CSV from the ledger: the approved line is in it, and is exported since
    const hr = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const hrPage = await hr.newPage();
    await signIn(hrPage, stack.url, '/ledger', ADMIN);
    await hrPage.goto(`${stack.url}/ledger?period=${PERIOD}&status=approved`);
    const exportLink = hrPage.getByRole('link', { name: 'Export CSV for October 2026' });
    const [download] = await Promise.all([hrPage.waitForEvent('download'), exportLink.click()]);
    expect(download.suggestedFilename()).toBe(`bonuses-${PERIOD}.csv`);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n').filter((row) => row.includes(review.bonus.id))).toHaveLength(1);
    await hrPage.goto(`${stack.url}/ledger?period=${PERIOD}&status=exported`);
    await hrPage.locator(`[data-bonus-id="${review.bonus.id}"][data-bonus-status="exported"]`).waitFor();
    await hr.close();
  });

  it('a manager acknowledges, then resolves, the alert a lost deal raised', async () => {
    const { stack, browser } = studio;
    const response = await postHook(stack.url, {
      id: 'd-e2e-review-1',
      type: 'deal.lost',
      employee: 'crm-104',
      amount: 250000,
      currency: 'RUB',
      occurredAt: new Date().toISOString(),
    });
    expect(response.status).toBe(200);

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 760 } });
    const page = await context.newPage();
    const violations = cspViolations(page);
    await signIn(page, stack.url, '/alerts', MANAGER);

    // the alert is raised by the workflow a moment after the webhook; the page refreshes itself
    const row = page.locator('[data-alert-id]', { hasText: 'd-e2e-review-1' });
    await eventually(async () => ((await row.count()) > 0 ? true : undefined), 60_000);
    expect(await row.getAttribute('data-alert-status')).toBe('open');
    expect(await row.getByRole('link', { name: 'Дмитрий Попов' }).getAttribute('href')).toMatch(/^\/employees\//);

    await row.getByRole('button', { name: /Acknowledge the alert for Дмитрий Попов/ }).click();
    await expect.poll(() => row.getAttribute('data-alert-status')).toBe('acknowledged');
    expect(await row.textContent()).toContain('by Ирина Соколова');

    // resolved from the bulk bar: check the row, then Resolve
    await row.getByRole('checkbox').check();
    const bulk = page.getByTestId('alerts-bulk');
    expect(await bulk.textContent()).toContain('1 alert selected');
    await bulk.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => row.getAttribute('data-alert-status')).toBe('resolved');

    // the open filter no longer lists it
    await page.locator('[data-status-filter="open"]').click();
    await page.waitForURL(/status=open/);
    await expect.poll(() => row.count()).toBe(0);

    expect(violations).toEqual([]);
    await context.close();
  });
});
