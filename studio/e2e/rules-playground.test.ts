// The rule playground in a real browser, served by the engine under its strict CSP: proves that
// @yardstick/rules loads and runs in the studio (compiled to closures — no eval) as HR types.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cspViolations, signInAt, studioInChromium } from './chromium.ts';

const screenshot = fileURLToPath(new URL('../../docs/screenshots/studio-rules.png', import.meta.url));

describe('rule playground in Chromium', () => {
  const studio = studioInChromium();

  it('previews a KPI rule as it is edited: payout, problems at their pointers, RU/EN, under the CSP', async () => {
    const { stack, browser } = studio;
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const violations = cspViolations(page);
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const document = await page.goto(`${stack.url}/rules`);
    expect(document?.status()).toBe(200);
    expect(document?.headers()['content-security-policy']).toMatch(/script-src 'self'( 'sha256-[^']+')*(;|$)/);
    expect(document?.headers()['content-security-policy']).not.toMatch(/unsafe-eval/);

    await signInAt(page, '/rules');
    // The session probe before signing in answers 401, which Chromium logs; count from here on.
    consoleErrors.length = 0;

    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect.poll(() => nav.getByRole('link', { name: 'Rules' }).getAttribute('aria-current')).toBe('page');

    const result = page.getByTestId('rule-result');
    const ruleInput = page.getByLabel('Rule (JSON)');
    const contextInput = page.getByLabel('Context (JSON)');

    // The template's worked example: 60,000 × (0.5 × 1.1 + 0.3 × 0.95 + 0.2 × 0) = 50,100.00
    await page.getByRole('button', { name: 'KPI coefficients' }).click();
    await expect.poll(() => result.textContent()).toContain('"50100.00"');
    await expect
      .poll(() => page.getByTestId('rule-trace').textContent())
      .toContain('0.5 × 1.1 + 0.3 × 0.95 + 0.2 × 0 = 0.835');
    expect(await page.getByTestId('rule-references').textContent()).toMatch(/won_amount[\s\S]*calls[\s\S]*conversion/);

    // Conversion at plan (0.25 of 0.25) now counts: 0.55 + 0.285 + 0.2 = 1.035 → 62,100.00
    const contextText = await contextInput.inputValue();
    expect(contextText).toContain('"conversion": {"actual": 0.21, "plan": 0.25}');
    await contextInput.fill(contextText.replace('"actual": 0.21', '"actual": 0.25'));
    await expect.poll(() => result.textContent()).toContain('"62100.00"');
    await page.screenshot({ path: screenshot, fullPage: false });

    // Broken JSON: a localized message with the position, and no result
    await contextInput.fill('{"kpi": {"calls": 380,}}');
    await expect
      .poll(() => page.getByTestId('context-json-error').textContent())
      .toContain('unexpected “}” at line 1, column 23');
    await expect.poll(() => result.textContent()).toContain('Fix the context to see the result.');

    // An unknown operation: the problem at its JSON pointer, in English, then in Russian
    await ruleInput.fill('{"and": [{"frobnicate": [1]}, {">=": [{"var": "event.amount"}, 100000]}]}');
    const problem = page.getByTestId('rule-problem');
    await expect.poll(() => problem.count()).toBe(1);
    expect(await problem.locator('code').textContent()).toBe('/and/0/frobnicate');
    expect(await problem.textContent()).toContain('Unknown operation "frobnicate"');

    await page.getByRole('button', { name: /^RU$/ }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ru');
    await expect.poll(() => problem.textContent()).toContain('Неизвестная операция «frobnicate»');
    expect(await problem.locator('code').textContent()).toBe('/and/0/frobnicate');
    expect(await page.getByTestId('context-json-error').textContent()).toContain(
      'неожиданный символ «}» в строке 1, столбец 23',
    );
    expect(await page.getByRole('link', { name: 'Правила' }).count()).toBe(1);

    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
