// The backtest and pilot screens in a real browser against the whole system (engine, Temporal, worker, SQLite):
// HR backtests a draft of the demo scheme over the two ended months of the demo history and reads the results;
// the pilot page says there is no pilot, then, once a version is piloted on one department, compares its shadow
// payouts with the active version's after evaluating both from the page; a second close of a period is refused.
import { fileURLToPath } from 'node:url';
import { kpiCoefficients } from '@yardstick/rules';
import { evaluateSchemeForEmployee, type SchemeDefinition } from '@yardstick/workflows/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Employee } from '../../engine/src/db/entities/employee.entity.ts';
import { SchemeVersion } from '../../engine/src/db/entities/scheme-version.entity.ts';
import { DEMO_SCHEME_DEFINITION } from '../../engine/src/db/seed/demo-data.ts';
import { lastMonths } from '../../engine/src/db/seed/seed.ts';
import { proposeBonus } from '../../engine/src/modules/ledger/bonus-ledger.service.ts';
import { eventually } from '../../engine/test/stack.ts';
import { login } from '../../engine/test/thin-slice.ts';
import { cspViolations, signIn, studioInChromium } from './chromium.ts';

const MANAGER = { email: 'manager@yardstick.demo', password: 'demo-manager' };

const screenshots = {
  backtest: fileURLToPath(new URL('../../docs/screenshots/studio-backtest.png', import.meta.url)),
  pilot: fileURLToPath(new URL('../../docs/screenshots/studio-pilot.png', import.meta.url)),
};

type Body = Record<string, unknown>;

/** The demo scheme reweighted (deals won more, calls less), its golden cases stating what it pays. */
function reweighted(departments?: string[]): SchemeDefinition {
  const definition = structuredClone(DEMO_SCHEME_DEFINITION);
  if (departments) definition.scope = { ...definition.scope, departments };
  definition.kpis = definition.kpis.map((line) =>
    line.metric === 'deals_won' ? { ...line, weight: 0.3 } : line.metric === 'calls' ? { ...line, weight: 0.2 } : line,
  );
  definition.payout = kpiCoefficients({
    lines: definition.kpis.map(({ metric, weight, threshold, cap }) => ({ metric, weight, threshold, cap })),
    currency: 'RUB',
  });
  definition.goldenCases = (definition.goldenCases ?? []).map((c) => ({
    ...c,
    expected: { payout: evaluateSchemeForEmployee(definition, c.context).payout as string, currency: 'RUB' },
  }));
  return definition;
}

/** Dismisses the toasts, which would cover part of a screenshot. */
async function dismissToasts(page: Page) {
  const close = page.locator('.toaster button.close');
  while ((await close.count()) > 0) await close.first().click();
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent()) ?? '';

describe('backtest and pilot screens in Chromium', () => {
  const studio = studioInChromium();

  it('backtests a draft over past months and compares a pilot with the active version', async () => {
    const { stack, browser } = studio;
    const session = await login(stack.url);
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${stack.url}${path}`, {
        method,
        headers: { ...session, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as Body };
    };

    const schemes = (await api('GET', '/api/schemes')).json.items as { id: string; versions: { status: string }[] }[];
    const scheme = schemes.find((s) => s.versions.some((v) => v.status === 'active'));
    if (!scheme) throw new Error('the demo seed has an active scheme');
    // the demo history covers the current month and the two before it: those two have ended
    const [older, newer] = lastMonths(new Date(), 3) as [string, string, string];
    const draft = await api('POST', `/api/schemes/${scheme.id}/versions`, {
      effectiveFrom: `${older}-01`,
      definition: reweighted(),
    });
    expect(draft.status).toBe(201);
    const draftVersion = draft.json.version as number;

    // what the active version paid for the older month, as its close would have proposed it: two lines approved,
    // one still under review (pending, not paid)
    const em = stack.engine.orm.em.fork();
    const active = await em.findOneOrFail(SchemeVersion, { scheme: scheme.id, status: 'active' });
    const people = new Map((await em.find(Employee, {})).map((e) => [e.name, e.id]));
    const lines = [
      ['Алексей Смирнов', '50000.00', true],
      ['Мария Кузнецова', '40000.00', true],
      ['Николай Лебедев', '30000.00', false],
    ] as const;
    for (const [name, amount, approve] of lines) {
      const { reviewId } = await proposeBonus(em, {
        schemeVersionId: active.id,
        employeeId: people.get(name) as string,
        period: older,
        cause: 'period-close',
        amount,
        currency: 'RUB',
      });
      if (approve) expect((await api('POST', `/api/reviews/${reviewId}/approve`, {})).status).toBe(200);
    }

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = cspViolations(page);

    // the backtest: the newest draft is offered first; the current month is not offered, having not ended
    const backtests = `/schemes/${scheme.id}/backtests`;
    await signIn(page, stack.url, backtests);
    await expect.poll(() => page.locator('[data-testid="backtest-version"]').inputValue()).toBe(String(draftVersion));
    expect(await page.locator(`#new-backtest-title`).textContent()).toBe('New backtest');
    expect(await page.locator(`input[type="checkbox"][value="${lastMonths(new Date(), 1)[0]}"]`).count()).toBe(0);
    await page.check(`input[type="checkbox"][value="${older}"]`);
    await page.check(`input[type="checkbox"][value="${newer}"]`);
    expect(await page.locator('[data-testid="start-backtest"]').textContent()).toContain('Run over 2 periods');
    await page.click('[data-testid="start-backtest"]');

    // the page follows the backtest until it ends, then shows its results
    await page.waitForURL(new RegExp(`${backtests}/[^/]+$`));
    const backtestId = new URL(page.url()).pathname.split('/').at(-1) as string;
    await eventually(
      async () => ((await text(page, '[data-testid="backtest-status"]')).includes('Completed') ? true : undefined),
      120_000,
    );
    const fromApi = (await api('GET', `/api/backtests/${backtestId}`)).json as { totals: { period: string }[] };
    expect(fromApi.totals.map((t) => t.period)).toEqual([older, newer]);
    await expect.poll(() => page.locator('[data-testid="backtest-results"] tbody tr').count()).toBe(30);
    expect(await page.locator('[data-testid="period-totals"] tbody tr').count()).toBe(2);
    expect(await text(page, '[data-testid="total-draft"]')).toMatch(/₽[\d,]+\.\d\d/);
    expect(await text(page, '[data-testid="total-difference"]')).toMatch(/[+-]?₽[\d,]+\.\d\d/);

    // sorting by the difference puts the largest first, and says so to screen readers
    const differenceHead = page.locator('[data-testid="backtest-results"] th', { hasText: 'Difference' });
    expect(await differenceHead.getAttribute('aria-sort')).toBe('descending');
    await differenceHead.locator('button').click();
    expect(await differenceHead.getAttribute('aria-sort')).toBe('ascending');
    await differenceHead.locator('button').click();
    // Алексей was paid for the older month: his row there shows it beside what the draft would pay
    const alexey = page.locator(`[data-testid="backtest-results"] tr[data-period="${older}"]`, {
      hasText: 'Алексей Смирнов',
    });
    expect(await alexey.textContent()).toContain('₽50,000.00');
    // his KPI lines explain the draft's payout
    await alexey.locator('button[aria-expanded="false"]').click();
    expect(await page.locator('[data-testid="backtest-results"] tr.kpi-row').textContent()).toContain('won_amount');
    // summed per employee: fifteen rows, his payment counted once
    await page.selectOption('#results-period', '*sum');
    await expect.poll(() => page.locator('[data-testid="backtest-results"] tbody tr').count()).toBe(15);
    const alexeySum = page.locator('[data-testid="backtest-results"] tbody tr', { hasText: 'Алексей Смирнов' });
    expect(await alexeySum.textContent()).toContain('₽50,000.00');
    await page.selectOption('#results-period', '');
    await dismissToasts(page);
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: screenshots.backtest, fullPage: false });

    // the list of the scheme's backtests shows this one, completed
    await page.click(`a[href="${backtests}"]`);
    await page.waitForURL((url) => url.pathname === backtests);
    await expect.poll(() => text(page, `[data-backtest-id="${backtestId}"]`)).toContain('Completed');

    // no pilot yet: the pilot page says so and leads to the designer
    await page.click('[data-scheme-tab="pilot"]');
    await page.waitForURL((url) => url.pathname === `/schemes/${scheme.id}/pilot`);
    await expect.poll(() => page.locator('[data-testid="no-pilot"]').count()).toBe(1);
    expect(await page.locator('[data-scheme-tab="pilot"]').getAttribute('aria-current')).toBe('page');
    expect(await page.locator('[data-testid="no-pilot"] a').getAttribute('href')).toBe(`/schemes/${scheme.id}`);

    // a pilot of the reweighted scheme on the St Petersburg department
    const pilot = await api('POST', `/api/schemes/${scheme.id}/versions`, {
      effectiveFrom: `${older}-01`,
      definition: reweighted(['spb-retail']),
    });
    expect(pilot.status).toBe(201);
    const published = await api('POST', `/api/schemes/${scheme.id}/versions/${pilot.json.version}/publish`, {
      status: 'pilot',
    });
    expect(published.status, JSON.stringify(published.json)).toBe(200);

    // the month just ended has a whole month of events to compare on
    await page.reload();
    await page.locator('[data-testid="pilot-period"]').selectOption(newer);
    await page.waitForURL((url) => url.searchParams.get('period') === newer);
    await expect.poll(() => page.locator('[data-testid="pilot-table"] tbody tr').count()).toBeGreaterThan(0);
    const covered = await page.locator('[data-testid="pilot-table"] tbody tr').count();
    // nothing evaluated the pilot in this period yet: evaluate both versions from the page
    await page.click('[data-testid="pilot-evaluate"]');
    await eventually(
      async () => ((await page.locator('[data-testid="pilot-evaluate"]').count()) === 0 ? true : undefined),
      120_000,
    );
    expect(await page.locator('[data-testid="pilot-table"] tbody tr').count()).toBe(covered);
    expect(await page.locator('[data-testid="pilot-table"]').textContent()).not.toContain('not evaluated');
    expect(await text(page, '[data-testid="pilot-summary"]')).toMatch(/Pilot would pay\s*₽[\d,]+\.\d\d/);
    expect(await text(page, '[data-testid="pilot-difference"]')).toMatch(/₽[\d,]+\.\d\d/);
    // an employee's KPI lines show where the difference comes from: the pilot weighs deals won more
    const firstRow = page.locator('[data-testid="pilot-table"] tbody tr').first();
    await firstRow.locator('button[aria-expanded="false"]').click();
    expect(await firstRow.locator('button').getAttribute('aria-expanded')).toBe('true');
    const kpis = page.locator('[data-testid="pilot-table"] tr.kpi-row');
    expect(await kpis.textContent()).toContain('deals_won');
    expect(await kpis.locator('td.changed').count()).toBeGreaterThan(0);
    await dismissToasts(page);
    await page.screenshot({ path: screenshots.pilot, fullPage: false });
    // in Russian, money as Russians write it
    await page.getByRole('button', { name: /^RU$/ }).click();
    await expect.poll(() => text(page, '[data-testid="pilot-summary"]')).toMatch(/Пилот выплатил бы\s*[\d\s]+,\d\d\s₽/);
    expect(await page.locator('[data-scheme-tab="pilot"]').textContent()).toBe('Пилот');
    await page.getByRole('button', { name: /^EN$/ }).click();

    // runs: a close of the older month starts; asking again is refused in words
    await page.click('[data-scheme-tab="periods"]');
    await page.waitForURL((url) => url.pathname === `/schemes/${scheme.id}/periods`);
    const activePanel = page.locator('section.run').first();
    await activePanel.locator('select').selectOption(older);
    await activePanel.locator('input[value="close"]').check();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await activePanel.locator('[data-testid="run-evaluation"]').click();
      await page.locator('dialog[open] [data-testid="confirm-action"]').click();
      await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    }
    await expect.poll(() => text(page, '[data-testid="run-refused"]')).toMatch(/already runs or has run/);
    const closed = page.locator(`[data-testid="periods-table"] tr[data-period="${older}"]`);
    await eventually(async () => ((await closed.count()) === 1 ? true : undefined), 60_000);

    expect(violations).toEqual([]);
    await context.close();

    // a manager compares the pilot too, but is offered no backtests (they show everyone's payouts)
    const managerContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const managerPage = await managerContext.newPage();
    await signIn(managerPage, stack.url, `/schemes/${scheme.id}/pilot`, MANAGER);
    await expect.poll(() => managerPage.locator('[data-scheme-tab]').count()).toBe(3);
    expect(await managerPage.locator('[data-scheme-tab="backtests"]').count()).toBe(0);
    await expect.poll(() => managerPage.locator('[data-testid="pilot-summary"]').count()).toBe(1);
    await managerContext.close();
  });
});
