// The studio in a real browser against the whole system: sign in, see the alert a webhook raised.
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStack, type TestStack } from '../../engine/test/stack.ts';
import { postHook } from '../../engine/test/thin-slice.ts';
import { launchChromium } from './chromium.ts';

const studioDir = fileURLToPath(new URL('../build', import.meta.url));
const screenshot = fileURLToPath(new URL('../../docs/screenshots/studio-alerts.png', import.meta.url));

describe('studio in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack({ database: 'sqlite', studioDir }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs in and shows the alert a lost deal raised, in English and Russian, under a strict CSP', async () => {
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
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });

    await page.goto(`${stack.url}/alerts`);
    await page.waitForURL(/\/login/);
    await page.fill('input[name="email"]', 'admin@yardstick.demo');
    await page.fill('input[name="password"]', 'wrong-password');
    await page.click('button[type="submit"]');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/password/i);

    await page.fill('input[name="password"]', 'demo-admin');
    await page.click('button[type="submit"]');
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

    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
