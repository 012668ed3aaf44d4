// An employee's journey against the whole system: the previous month is closed (as its schedule
// would), the demo employee signs in, lands on the dashboard with their goals, opens their card and
// reads why their bonus line pays what it pays, in English and in Russian. Screenshots of the
// dashboard, the leaderboard and the card go to docs/screenshots.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../engine/test/stack.ts';
import { login } from '../../engine/test/thin-slice.ts';
import { ADMIN, type Credentials, cspViolations, studioInChromium, submitLogin } from './chromium.ts';

const EMPLOYEE: Credentials = { email: 'employee@yardstick.demo', password: 'demo-employee' };
const shot = (name: string) => fileURLToPath(new URL(`../../docs/screenshots/${name}.png`, import.meta.url));

/** The month before the current one, as the seed counts months (UTC). */
function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

interface StatementLine {
  id: string;
  amount: string;
  period: string;
  evaluation: { trace: unknown } | null;
}

describe('employee card in Chromium', () => {
  const studio = studioInChromium();

  it('an employee lands on the dashboard, opens their card and reads why a bonus line pays what it pays', async () => {
    const { stack, browser } = studio;
    const closed = previousMonth(new Date());
    const admin = await login(stack.url);
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${stack.url}${path}`, {
        method,
        headers: { ...admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
      return (await response.json()) as T;
    };

    // close last month as the close schedule would on the 1st: one proposed line per participant
    const { items: schemes } = await call<{ items: { id: string; name: { ru: string } }[] }>('GET', '/api/schemes');
    const scheme = schemes.find((s) => s.name.ru === 'Премия отдела продаж');
    expect(scheme).toBeDefined();
    await call('POST', `/api/schemes/${scheme?.id}/versions/1/evaluate`, { period: closed, mode: 'close' });
    const { items: employees } = await call<{ items: { id: string; externalIds: Record<string, string> }[] }>(
      'GET',
      '/api/employees?limit=100',
    );
    const me = employees.find((e) => e.externalIds.demo === 'crm-102')?.id as string;
    const line = await eventually(async () => {
      const statement = await call<{ lines: StatementLine[] }>(
        'GET',
        `/api/employees/${me}/statement?period=${closed}`,
      );
      return statement.lines.find((l) => l.evaluation?.trace);
    }, 90_000);

    // the admin's view of the company, and the leaderboard of last month, for the screenshots
    const adminContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const adminPage = await adminContext.newPage();
    await adminPage.goto(`${stack.url}/dashboard`);
    await adminPage.waitForURL(/\/login/);
    await submitLogin(adminPage, ADMIN);
    await adminPage.waitForURL((url) => url.pathname === '/dashboard');
    await adminPage.getByRole('heading', { name: 'Plan fulfilment' }).waitFor();
    await adminPage.locator('[data-scope="company"] [data-metric="won_amount"]').waitFor();
    await adminPage.screenshot({ path: shot('studio-dashboard'), fullPage: false });
    await adminPage.goto(`${stack.url}/leaderboard?metric=won_amount&period=${closed}&view=bands`);
    await adminPage.locator('[data-band-group="q1"] [data-employee-id]').first().waitFor();
    expect(await adminPage.locator('[data-band-group] [data-employee-id]').count()).toBe(15);
    await adminPage.screenshot({ path: shot('studio-leaderboard'), fullPage: false });
    // ranked by the scheme's weighted KPI instead of one metric
    await adminPage.getByLabel('Rank by').selectOption({ label: 'Sales team bonus: weighted KPI' });
    await adminPage.waitForURL((url) => url.searchParams.get('metric') === `kpi:${scheme?.id}`);
    await adminPage.getByTestId('leaderboard-kpi-note').waitFor();
    await adminPage.getByRole('columnheader', { name: 'Weighted KPI' }).waitFor();
    expect(await adminPage.locator('[data-band="q1"]').count()).toBeGreaterThan(0);
    await adminContext.close();

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const violations = cspViolations(page);
    await page.goto(stack.url);
    await page.waitForURL(/\/login/);
    await submitLogin(page, EMPLOYEE);
    // the landing route: the employee's own goals
    await page.waitForURL((url) => url.pathname === '/dashboard');
    const goals = page.getByRole('region', { name: 'My goals' });
    await goals.getByRole('heading', { name: 'Won deals, amount' }).waitFor();
    expect(await goals.getByRole('img', { name: /^Won deals, amount: .* of plan, .* expected by now$/ }).count()).toBe(
      1,
    );

    await page.getByRole('link', { name: 'Open my card' }).click();
    await page.waitForURL((url) => url.pathname === `/employees/${me}`);
    await page.getByRole('heading', { name: 'Алексей Смирнов', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Goals' }).getByRole('heading', { name: 'Calls made' }).waitFor();
    const events = page.getByRole('region', { name: 'Recent CRM events' });
    expect(await events.getByRole('listitem').count()).toBeGreaterThan(0);

    // the statement line of the closed month, and why it pays what it pays
    const statement = page.getByRole('region', { name: 'Bonus statement' });
    // by its id, not inside the region by its name: the name changes with the language below
    const row = page.locator(`[data-bonus-id="${line.id}"]`);
    expect(await statement.locator(`[data-bonus-id="${line.id}"]`).count()).toBe(1);
    const amount = (await row.getByTestId('bonus-amount').textContent())?.trim() as string;
    expect(amount.replace(/[^\d.]/g, '')).toBe(line.amount);
    await row.getByRole('button', { name: `Why ${amount}?` }).click();
    const tree = row.getByRole('list', { name: 'How the amount was computed' });
    await tree.waitFor();
    const why = (await tree.textContent()) ?? '';
    expect(why).toContain(`Bonus: ${amount}`);
    expect(why).toMatch(/Base bonus ₽60,000\.00 × achievement [\d.]+ = ₽[\d,]+\.\d\d/);
    // each KPI line: the actual against the plan, the share, what the threshold or cap made of it
    expect(why).toMatch(
      /Won deals, amount: ₽[\d,]+ of plan ₽2,500,000 = [\d.]+% → (below the 80% threshold → coefficient 0|between the 80% threshold and the 120% cap → coefficient [\d.]+|reaches the 120% cap → coefficient 1\.2)/,
    );
    expect(why).toMatch(/Calls made: \d+ of plan 120 = [\d.]+% → /);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('studio-employee'), fullPage: false });

    // the inputs under a KPI line open on demand
    const won = tree.locator('[data-testid="trace-line"]', { hasText: /Won deals, amount: ₽[\d,]+ of plan/ });
    await won.getByRole('button', { name: 'Show or hide the steps under this one' }).click();
    await expect.poll(() => tree.textContent()).toMatch(/Won deals, amount, plan: ₽2,500,000/);

    await page.getByRole('button', { name: /^RU$/ }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ru');
    const russian = row.getByRole('list', { name: 'Как рассчитана сумма' });
    await expect
      .poll(async () => ((await russian.textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' '))
      .toMatch(/Сумма выигранных сделок: [\d ]+ ₽ из плана 2 500 000 ₽ = [\d,]+ % → /);

    expect(violations).toEqual([]);
    await context.close();
  });
});
