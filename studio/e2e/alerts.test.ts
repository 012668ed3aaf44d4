// The studio in a real browser against the whole system: sign in, see the alert a webhook raised.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../engine/test/stack.ts';
import { postHook } from '../../engine/test/thin-slice.ts';
import { ADMIN, cspViolations, studioInChromium, submitLogin } from './chromium.ts';

const screenshot = fileURLToPath(new URL('../../docs/screenshots/studio-alerts.png', import.meta.url));

describe('studio in Chromium', () => {
  const studio = studioInChromium();

  it('signs in and shows the alert a lost deal raised, in English and Russian, under a strict CSP', async () => {
    const { stack, browser } = studio;
    const response = await postHook(stack.url, {
      id: 'd-e2e-1',
      type: 'deal.lost',
      employee: 'crm-105',
      amount: 480000,
      currency: 'RUB',
      occurredAt: new Date().toISOString(),
    });
    expect(response.status).toBe(200);

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 760 } });
    const page = await context.newPage();
    const violations = cspViolations(page);

    await page.goto(`${stack.url}/alerts`);
    await page.waitForURL(/\/login/);
    await submitLogin(page, { ...ADMIN, password: 'wrong-password' });
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/password/i);

    await submitLogin(page, ADMIN);
    await page.waitForURL(/\/alerts/);

    // the alert is raised by the workflow a moment after the webhook; the page refreshes itself
    const row = page.locator('[data-alert-id]', { hasText: 'd-e2e-1' });
    await eventually(async () => ((await row.count()) > 0 ? true : undefined), 60_000);
    await expect.poll(() => row.textContent()).toContain('Ольга Васильева');
    expect(await row.textContent()).toMatch(/480,000\.00/);
    await page.screenshot({ path: screenshot, fullPage: false });

    await page.getByRole('button', { name: /^RU$/ }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ru');
    await expect.poll(() => row.textContent()).toMatch(/потеряна сделка d-e2e-1/);

    expect(violations).toEqual([]);
    await context.close();
  });
});
