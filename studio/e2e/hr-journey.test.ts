// The first journey, in a real browser against the whole system: HR builds a tiered KPI card
// from scratch — two lines from the metric catalog, weights to 100%, then the payout as a tier table
// in the visual rule builder — sees the live preview, adds a golden case that passes, publishes, and
// switches the studio to Russian and back (the choice survives a reload).
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cspViolations, signIn, studioInChromium } from './chromium.ts';

const HR = { email: 'hr@yardstick.demo', password: 'demo-hr' };
const screenshot = fileURLToPath(new URL('../../docs/screenshots/studio-tiered-card.png', import.meta.url));

async function setNumber(page: Page, label: string, value: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(value);
  await input.blur();
}

describe('HR journey in Chromium', () => {
  const studio = studioInChromium();

  it('builds a tiered KPI card with the visual builder, previews it, adds a golden case and publishes', async () => {
    const { stack, browser } = studio;
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = cspViolations(page);

    await signIn(page, stack.url, '/schemes', HR);
    await page.getByRole('link', { name: 'New scheme' }).first().click();
    await page.getByLabel('Name in English').fill('Key accounts bonus');
    await page.getByLabel('Name in Russian').fill('Премия ключевых клиентов');
    await page.getByRole('radio', { name: /An empty KPI card/ }).check();
    await page.getByRole('button', { name: 'Create and open the designer' }).click();
    await page.waitForURL(/\/schemes\/[^/]+\?v=1$/);
    await expect.poll(() => page.locator('.topbar').textContent()).toContain('Draft · v1');

    // the KPI card: two lines from the catalog, weights in percent that must come to 100%
    await page.getByRole('button', { name: 'Add a line' }).click();
    await page.getByLabel('Metric of line 1').selectOption('won_amount');
    await page.getByRole('button', { name: 'Add a line' }).click();
    await page.getByLabel('Metric of line 2').selectOption('deals_won');
    const sum = page.getByTestId('kpi-weight-sum');
    await setNumber(page, 'Weight of Won deals, amount, %', '70');
    await setNumber(page, 'Weight of Won deals, %', '20');
    await expect.poll(() => sum.textContent()).toContain('10% left to assign');
    expect(await page.getByRole('button', { name: 'Publish as active' }).isDisabled()).toBe(true);
    await setNumber(page, 'Weight of Won deals, %', '30');
    await expect.poll(() => sum.textContent()).toBe('Weights add up to 100%');

    // the payout: base bonus × a tier table over the weighted achievement, built from blocks
    await page.getByLabel(/The payout follows the card/).uncheck();
    const builder = page.getByRole('region', { name: 'Payout rule' });
    await builder.waitFor();
    await builder.getByRole('button', { name: 'More for the rule' }).click();
    await builder.getByRole('button', { name: /Clear the rule/ }).click();
    await builder.getByLabel('Block for the rule').selectOption('money');
    await builder.getByLabel('Block for amount').selectOption('*');
    await builder.getByLabel('Block for Product (×), part 1').selectOption('var');
    await page.keyboard.type('Base bonus');
    await page.keyboard.press('Enter');
    await builder.getByLabel('Block for Product (×), part 2').selectOption('tier');
    await builder.getByLabel('Block for value graded').selectOption('var');
    await page.keyboard.type('Weighted achievement');
    await page.keyboard.press('Enter');
    await setNumber(page, 'Number for tier 1 from', '0.8');
    await setNumber(page, 'Number for tier 1 result', '0.5');
    await setNumber(page, 'Number for tier 2 from', '1');
    await setNumber(page, 'Number for tier 2 result', '1');
    await builder.getByRole('button', { name: '+ Add a tier' }).click();
    await setNumber(page, 'Number for tier 3 from', '1.2');
    await setNumber(page, 'Number for tier 3 result', '1.5');
    await expect.poll(() => builder.getByTestId('rule-builder-status').textContent()).toContain('The rule is valid.');

    // the JSON view says the same thing the blocks do
    await builder.getByRole('tab', { name: 'JSON' }).click();
    const json = JSON.parse(await builder.locator('textarea').inputValue());
    expect(json).toEqual({
      money: [
        {
          '*': [
            { var: 'employee.base_bonus' },
            {
              tier: [
                { var: 'achievement' },
                [
                  [0.8, 0.5],
                  [1, 1],
                  [1.2, 1.5],
                ],
              ],
            },
          ],
        },
        'RUB',
      ],
    });
    await builder.getByRole('tab', { name: 'Blocks' }).click();

    // the live preview evaluates the card for everyone in scope, in the browser
    const preview = page.getByTestId('preview-table');
    await preview.waitFor();
    await expect.poll(() => preview.locator('tbody tr').count()).toBeGreaterThan(10);

    // a golden case: on plan on both lines → weighted achievement 1 → tier "from 1" → 1 × base bonus
    await expect.poll(() => page.getByTestId('golden-summary').textContent()).toMatch(/golden case/i);
    expect(await page.getByRole('button', { name: 'Publish as active' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Add a golden case' }).click();
    const goldenCase = page.locator('[data-golden-case]').first();
    await goldenCase.getByLabel('Name', { exact: true }).fill('On plan');
    await goldenCase.getByLabel('Base bonus, RUB').fill('60000.00');
    await goldenCase.getByLabel('Actual Won deals, amount in On plan').fill('2500000');
    await goldenCase.getByLabel('Plan Won deals, amount in On plan').fill('2500000');
    await goldenCase.getByLabel('Actual Won deals in On plan').fill('8');
    await goldenCase.getByLabel('Plan Won deals in On plan').fill('8');
    await goldenCase.getByLabel('Expected payout, RUB').fill('60000.00');
    await expect.poll(() => page.getByTestId('golden-summary').textContent()).toContain('The golden case passes');
    expect(await goldenCase.getByTestId('golden-verdict').textContent()).toContain('Passes');

    await builder.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshot, fullPage: false });

    await page.getByRole('button', { name: 'Publish as active' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Publish as active' }).click();
    await expect.poll(() => page.locator('.topbar').textContent()).toMatch(/Active · v\d/);

    // Russian and back; the choice is remembered across a reload
    await page.getByRole('button', { name: 'RU', exact: true }).click();
    await page.getByRole('heading', { name: 'KPI-карта' }).waitFor();
    await expect.poll(() => page.locator('.topbar').textContent()).toMatch(/Действует · v\d/);
    await page.reload();
    await page.getByRole('heading', { name: 'KPI-карта' }).waitFor();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'KPI card' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'KPI card' }).waitFor();
    expect(await page.getByRole('heading', { name: 'KPI-карта' }).count()).toBe(0);

    // the engine stored the tier table as built
    const schemeId = new URL(page.url()).pathname.split('/').at(-1) as string;
    const stored = await page.evaluate(async (id) => {
      const response = await fetch(`/api/schemes/${id}`);
      return (await response.json()) as { versions: { status: string }[] };
    }, schemeId);
    expect(stored.versions.map((v) => v.status)).toContain('active');

    expect(violations).toEqual([]);
    await context.close();
  });
});
