// The scheme designer in a real browser against the whole system: HR opens the demo scheme, starts a draft
// from the active version, moves KPI weights, reads the live preview and the golden cases, and publishes.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cspViolations, signIn, studioInChromium } from './chromium.ts';

const screenshot = fileURLToPath(new URL('../../docs/screenshots/studio-schemes.png', import.meta.url));

describe('scheme designer in Chromium', () => {
  const studio = studioInChromium();

  it('edits a KPI weight, sees the preview and the golden cases react, and publishes the new version', async () => {
    const { stack, browser } = studio;
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = cspViolations(page);

    await signIn(page, stack.url, '/schemes');
    const row = page.locator('tr', { hasText: 'Sales team bonus' });
    await expect.poll(() => row.textContent()).toContain('Active · v1');
    expect(await row.textContent()).toContain('Monthly');

    await row.getByRole('link', { name: 'Sales team bonus' }).click();
    await page.waitForURL(/\/schemes\/[^/]+$/);
    // the active version is read-only; its preview evaluates the scope in the browser
    const preview = page.getByTestId('preview-table');
    await preview.waitFor();
    await expect.poll(() => preview.locator('tbody tr').count()).toBeGreaterThan(5);
    expect(await page.getByTestId('golden-summary').textContent()).toContain('All 3 golden cases pass');

    await page.getByRole('button', { name: 'New draft from this' }).click();
    const wonWeight = page.getByLabel('Weight of Won deals, amount, %', { exact: true });
    await wonWeight.fill('40');
    const sum = page.getByTestId('kpi-weight-sum');
    await expect.poll(() => sum.textContent()).toContain('Weights add up to 90%: 10% left to assign');
    await expect.poll(() => page.getByTestId('publish-blocker').textContent()).toMatch(/problem/);
    expect(await page.getByRole('button', { name: 'Publish as active' }).isDisabled()).toBe(true);

    await page.getByLabel('Weight of Calls made, %', { exact: true }).fill('40');
    await expect.poll(() => sum.textContent()).toBe('Weights add up to 100%');
    // the payout follows the card: the golden cases written for the old weights now fail, with the reason
    await expect.poll(() => page.getByTestId('golden-summary').textContent()).toContain('golden cases fail');
    const firstCase = page.locator('[data-golden-case="on plan, won amount 110%"]');
    // on plan with won amount at 110%: 0.4 × 1.1 + 0.2 × 1 + 0.4 × 1 = 1.04 → 62,400
    await expect.poll(() => firstCase.textContent()).toContain('Expected ₽63,000.00, the scheme gives ₽62,400.00');
    // the preview now differs from the active version
    await expect.poll(() => page.getByTestId('preview-difference').textContent()).not.toBe('—');

    // HR accepts the new amounts as the expected ones
    const cases = page.locator('[data-golden-case]');
    for (let i = 0; i < (await cases.count()); i++) {
      const accept = cases.nth(i).getByRole('button', { name: /^Expect / });
      if ((await accept.count()) > 0) await accept.click();
    }
    await expect.poll(() => page.getByTestId('golden-summary').textContent()).toContain('All 3 golden cases pass');
    expect(await firstCase.getByTestId('golden-verdict').textContent()).toContain('Passes');

    // unticking "the payout follows the card" hands the formula to the visual rule builder, unchanged
    await page.getByLabel(/The payout follows the card/).uncheck();
    const builder = page.getByRole('region', { name: 'Payout rule' });
    await builder.waitFor();
    await expect.poll(() => builder.getByTestId('rule-builder-status').textContent()).toMatch(/valid/i);
    expect(await page.getByTestId('golden-summary').textContent()).toContain('All 3 golden cases pass');

    // the what-if slider answers the keyboard
    const slider = page.getByRole('slider', { name: 'Attainment' });
    await slider.focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('what-if-reading').textContent()).toMatch(/→/);
    await page.getByRole('heading', { name: 'KPI card' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshot, fullPage: false });

    await page.getByRole('button', { name: 'Publish as active' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish as the active version?' });
    expect(await dialog.textContent()).toContain('replaces active version 1');
    await dialog.getByRole('button', { name: 'Publish as active' }).click();
    await page.waitForURL(/\?v=2$/);
    await expect.poll(() => page.locator('.topbar').textContent()).toContain('Active · v2');
    // its scheduled runs can be paused and resumed from here
    await page.getByRole('button', { name: 'Pause its runs' }).click();
    await expect.poll(() => page.locator('.topbar').textContent()).toContain('Active · v2 · paused');
    await page.getByRole('button', { name: 'Resume its runs' }).click();
    await expect.poll(() => page.locator('.topbar').textContent()).not.toContain('paused');

    // the history says what changed, in words
    await page.getByRole('link', { name: 'Version history' }).click();
    await page.waitForURL(/\/versions/);
    const diff = page.getByTestId('version-diff');
    await diff.waitFor();
    const text = await diff.textContent();
    expect(text).toContain('KPI line Won deals, amount changed');
    expect(text).toContain('Weight: 50% → 40%');
    expect(text).toMatch(/Golden case on plan, won amount 110% changed: expected/);

    expect(violations).toEqual([]);
    await context.close();
  });

  it('creates a scheme from the ready-made KPI card and opens its first draft, golden case passing', async () => {
    const { stack, browser } = studio;
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, stack.url, '/schemes');

    await page.getByRole('link', { name: 'New scheme' }).first().click();
    await page.getByLabel('Name in English').fill('Retail KPI card');
    await page.getByLabel('Name in Russian').fill('KPI-карта розницы');
    await page.getByRole('radio', { name: /KPI coefficients/ }).check();
    await page.getByRole('button', { name: 'Create and open the designer' }).click();
    await page.waitForURL(/\/schemes\/[^/]+\?v=1$/);

    await expect.poll(() => page.locator('.topbar').textContent()).toContain('Draft · v1');
    await expect.poll(() => page.getByTestId('golden-summary').textContent()).toContain('The golden case passes');
    expect(await page.getByTestId('kpi-weight-sum').textContent()).toBe('Weights add up to 100%');
    // a draft is edited in place: the weights are inputs, the metric a picker from the catalog
    expect(await page.getByLabel('Weight of Calls made, %', { exact: true }).inputValue()).toBe('30');
    expect(await page.getByRole('button', { name: 'Publish as active' }).isEnabled()).toBe(true);
    await context.close();
  });
});
