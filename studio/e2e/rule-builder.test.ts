// The visual rule builder in a real browser, on the rule playground: HR edits a tier of a
// commission rule with blocks, the result follows, the JSON text follows, and the builder fits a
// phone's width — under the studio's strict CSP.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cspViolations, signInAt, studioInChromium } from './chromium.ts';

const screenshot = fileURLToPath(new URL('../../docs/screenshots/studio-rule-builder.png', import.meta.url));

describe('visual rule builder in Chromium', () => {
  const studio = studioInChromium();

  it('edits a tiered commission with blocks: the result and the JSON follow; fits 375 px; RU/EN', async () => {
    const { stack, browser } = studio;
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 1100 } });
    const page = await context.newPage();
    const violations = cspViolations(page);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${stack.url}/rules`);
    await signInAt(page, '/rules');

    await page.getByRole('button', { name: 'Salary + % of sales' }).click();
    const result = page.getByTestId('rule-result');
    // 1,840,000.50 is 92% of plan → 5%: 45,000.00 + 92,000.025 → 137,000.03
    await expect.poll(() => result.textContent()).toContain('"137000.03"');

    await page.getByRole('tab', { name: 'Visual builder' }).click();
    const builder = page.getByTestId('rule-builder');
    await expect.poll(() => builder.getByTestId('rule-builder-status').textContent()).toContain('The rule is valid.');
    expect(await page.getByLabel('Number for tier 2 from').inputValue()).toBe('0.8');
    expect(await page.getByLabel('Variable for Sum (+), part 1').inputValue()).toBe('employee.salary');

    // the rate from 80% of plan goes up to 6%: 45,000.00 + 1,840,000.50 × 0.06 = 155,400.03
    await page.getByLabel('Number for tier 2 result').fill('0.06');
    await expect.poll(() => result.textContent()).toContain('"155400.03"');

    // a tier out of order is pointed out at its bound
    await page.getByLabel('Number for tier 3 from').fill('0.5');
    const bound = page.locator('fieldset', { has: page.getByLabel('Number for tier 3 from') }).last();
    await expect
      .poll(() => bound.getByTestId('rule-builder-problem').textContent())
      .toContain('Tier bounds must go up');
    await page.getByLabel('Number for tier 3 from').fill('1');
    await expect.poll(() => builder.getByTestId('rule-builder-status').textContent()).toContain('The rule is valid.');
    // the playground re-runs the rule a moment after the last edit; the picture waits for it
    await expect.poll(() => page.getByText('Checking…').count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: screenshot, fullPage: false });

    // the JSON text says the same
    await page.getByRole('tab', { name: 'JSON text' }).click();
    expect(await page.getByLabel('Rule (JSON)').inputValue()).toContain('[0.8, 0.06]');

    // a phone's width: no part of the builder is wider than the screen
    await page.getByRole('tab', { name: 'Visual builder' }).click();
    await page.setViewportSize({ width: 375, height: 800 });
    const widest = () =>
      builder.evaluate((root) =>
        Math.max(...[root, ...root.querySelectorAll('*')].map((element) => element.getBoundingClientRect().right)),
      );
    await expect.poll(widest).toBeLessThanOrEqual(375);

    await page.getByRole('button', { name: /^RU$/ }).click();
    await expect.poll(() => builder.getByTestId('rule-builder-status').textContent()).toContain('Правило корректно.');
    expect(await page.getByLabel('Число: ступень 2: результат').inputValue()).toBe('0.06');
    await page.getByRole('button', { name: /^EN$/ }).click();

    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
