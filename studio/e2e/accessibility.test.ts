// Accessibility and responsiveness of every studio screen, in a real browser against the whole system
// (engine, Temporal, worker, SQLite): axe-core's WCAG 2.1 A/AA rules on each screen, signed in as the role
// that uses it, in English and Russian, on a laptop (1280×800) and a phone (375×740); nothing scrolls
// sideways on the phone; and the keyboard walks: the login form in order, the skip link to the content,
// the navigation drawer opened from the header and closed with Escape.
//
// The screens are a list (SCREENS): a new screen is one more entry. axe runs through Playwright's
// `page.evaluate` (the DevTools protocol), which the studio's Content-Security-Policy does not govern: the
// audit sees the page exactly as served, under its strict CSP, and injects no inline script.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { SchemeDefinition } from '@yardstick/workflows/shared';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHEME_DEFINITION } from '../../engine/src/db/seed/demo-data.ts';
import { lastMonths } from '../../engine/src/db/seed/seed.ts';
import { eventually } from '../../engine/test/stack.ts';
import { login, postHook } from '../../engine/test/thin-slice.ts';
import { ADMIN, type Credentials, cspViolations, studioInChromium, submitLogin } from './chromium.ts';

const MANAGER: Credentials = { email: 'manager@yardstick.demo', password: 'demo-manager' };
const EMPLOYEE: Credentials = { email: 'employee@yardstick.demo', password: 'demo-employee' };
const HR: Credentials = { email: 'hr@yardstick.demo', password: 'demo-hr' };
/** a sales rep of the manager's department (moscow-b2b), the demo employee login */
const REP = 'Алексей Смирнов';

/** What the screens show: made through the API before the audit, so no screen is audited empty. */
interface Fixtures {
  schemeId: string;
  reviewId: string;
  backtestId: string;
  /** a draft version of the demo scheme */
  draftVersion: number;
  /** the ended month closed for the reviews */
  period: string;
}

interface Screen {
  name: string;
  /** who uses the screen; `null`: nobody signed in */
  who: Credentials | null;
  path: (fixtures: Fixtures) => string;
  /** shown once the screen has its data (beyond the page heading every screen has) */
  ready?: string;
  /** after the screen is ready: open what is audited on top of it (a popover, a dialog) */
  open?: (page: Page) => Promise<void>;
  /** what must lie wholly inside the window, left to right (what `open` opened) */
  inView?: string;
}

const SCREENS: Screen[] = [
  { name: 'login', who: null, path: () => '/login', ready: 'input[name="email"]' },
  {
    name: 'login, refused',
    who: null,
    path: () => '/login',
    ready: 'input[name="email"]',
    async open(page) {
      await submitLogin(page, { ...MANAGER, password: 'not-her-password' });
      await page.getByTestId('login-error').waitFor();
    },
  },
  { name: 'dashboard', who: MANAGER, path: () => '/dashboard', ready: '.bar-col' },
  // an employee's dashboard is her own goals, a card per metric
  { name: 'dashboard, employee', who: EMPLOYEE, path: () => '/dashboard', ready: '.goals article.goal' },
  { name: 'leaderboard', who: MANAGER, path: () => '/leaderboard', ready: 'table.leaderboard' },
  {
    name: 'employee card (/me)',
    who: EMPLOYEE,
    path: () => '/me',
    ready: '[data-testid="attainment-chart"]',
    async open(page) {
      await page
        .getByRole('button', { name: /^Why |^Почему / })
        .first()
        .click();
      await page.locator('[data-testid="trace-tree"]').first().waitFor();
    },
  },
  { name: 'alerts', who: MANAGER, path: () => '/alerts', ready: '[data-alert-id]' },
  { name: 'reviews queue', who: MANAGER, path: () => '/reviews', ready: '[data-review-id]' },
  {
    name: 'review',
    who: MANAGER,
    path: (f) => `/reviews/${f.reviewId}`,
    ready: '[data-testid="review-explanation"]',
  },
  { name: 'ledger', who: HR, path: (f) => `/ledger?period=${f.period}`, ready: '[data-bonus-id]' },
  { name: 'sources', who: ADMIN, path: () => '/sources', ready: '[data-source-id="demo"]' },
  { name: 'source', who: ADMIN, path: () => '/sources/demo', ready: '[data-testid="delivery-log"]' },
  { name: 'new source', who: ADMIN, path: () => '/sources/new', ready: 'form' },
  { name: 'rules playground', who: HR, path: () => '/rules', ready: '[data-testid="rule-result"]' },
  { name: 'schemes', who: HR, path: () => '/schemes', ready: 'table' },
  { name: 'new scheme', who: HR, path: () => '/schemes/new', ready: 'form' },
  {
    name: 'scheme designer',
    who: HR,
    path: (f) => `/schemes/${f.schemeId}`,
    ready: '[data-testid="preview-table"] tbody tr',
  },
  {
    name: 'scheme designer, a draft in the rule builder',
    who: HR,
    path: (f) => `/schemes/${f.schemeId}?v=${f.draftVersion}`,
    ready: '[data-testid="kpi-weight-sum"]',
    async open(page) {
      await page.getByLabel(/The payout follows the card|Выплата следует за картой/).uncheck();
      // the payout's builder, and an alert rule's below it
      await page.locator('[data-testid="rule-builder-status"]').first().waitFor();
    },
  },
  {
    name: 'version history',
    who: HR,
    path: (f) => `/schemes/${f.schemeId}/versions`,
    ready: '[data-testid^="version-diff"]',
  },
  { name: 'metrics', who: HR, path: () => '/metrics', ready: '[data-testid="metrics-table"] tbody tr' },
  { name: 'metric', who: HR, path: () => '/metrics/won_amount', ready: '[data-testid="metric-editor"]' },
  { name: 'new metric', who: HR, path: () => '/metrics/new', ready: '[data-testid="metric-editor"]' },
  { name: 'plans', who: HR, path: () => '/plans', ready: '[data-testid="plans-grid"] tbody tr' },
  // the settings open at their first tab, the users
  { name: 'settings', who: ADMIN, path: () => '/settings', ready: '[data-testid="users-table"] tbody tr' },
  {
    name: 'settings, organization',
    who: ADMIN,
    path: () => '/settings/organization',
    ready: '[data-testid="calendar-summary"]',
  },
  {
    name: 'settings, notification channels',
    who: ADMIN,
    path: () => '/settings/notifications',
    ready: '[data-testid="channels-form"]',
  },
  {
    name: 'settings, audit log',
    who: ADMIN,
    path: () => '/settings/audit',
    ready: '[data-testid="audit-table"] tbody tr',
  },
  {
    name: 'backtests',
    who: HR,
    path: (f) => `/schemes/${f.schemeId}/backtests`,
    ready: '[data-testid="backtest-version"]',
  },
  {
    name: 'backtest',
    who: HR,
    path: (f) => `/schemes/${f.schemeId}/backtests/${f.backtestId}`,
    ready: '[data-testid="backtest-results"]',
  },
  { name: 'pilot', who: HR, path: (f) => `/schemes/${f.schemeId}/pilot`, ready: '[data-testid="pilot-table"]' },
  {
    name: 'periods',
    who: HR,
    path: (f) => `/schemes/${f.schemeId}/periods`,
    ready: '[data-testid="periods-table"]',
  },
  {
    name: 'periods, closing one',
    who: HR,
    path: (f) => `/schemes/${f.schemeId}/periods`,
    ready: '[data-testid="periods-table"]',
    async open(page) {
      const run = page.locator('section.run').first();
      await run.locator('input[value="close"]').check();
      await run.getByTestId('run-evaluation').click();
      await page.locator('dialog[open]').waitFor();
    },
    inView: 'dialog[open]',
  },
  {
    name: 'notifications',
    who: MANAGER,
    path: () => '/alerts',
    ready: '[data-alert-id]',
    async open(page) {
      await page.getByTestId('notifications-bell').click();
      await page.locator('.bell-root [role="dialog"] li').first().waitFor();
    },
    inView: '.bell-root [role="dialog"]',
  },
];

const LOCALES = [
  { code: 'en', browser: 'en-US' },
  { code: 'ru', browser: 'ru-RU' },
] as const;

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 375, height: 740 },
] as const;

/** WCAG 2.0 and 2.1, levels A and AA: their serious and critical violations fail the test */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** axe's best practices are run too, and printed with the moderate and minor findings */
const AXE_TAGS = [...WCAG_TAGS, 'best-practice'];
const BLOCKING = new Set(['serious', 'critical']);
const blocks = (finding: Finding) =>
  BLOCKING.has(finding.impact ?? '') && finding.tags.some((tag) => WCAG_TAGS.includes(tag));

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  tags: string[];
  targets: string[];
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe on the page as it is now; the page's own scripts are not involved and its CSP does not apply */
async function audit(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(await axeSource);
  return page.evaluate(async (tags: string[]) => {
    interface AxeResults {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        helpUrl: string;
        tags: string[];
        nodes: { target: unknown[] }[];
      }[];
    }
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } })
      .axe;
    const results = await axe.run((globalThis as unknown as { document: object }).document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      tags: v.tags,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
  }, AXE_TAGS);
}

/** how far the page scrolls sideways, in CSS pixels (0: not at all) */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { scrollingElement: { scrollWidth: number } } }).document;
    return root.scrollingElement.scrollWidth - (globalThis as unknown as { innerWidth: number }).innerWidth;
  });
}

/**
 * What sticks out past the window's right edge, to name it in a failure: the outermost such elements
 * not inside a box that clips or scrolls them (a wide table in its scroll box is fine).
 */
async function sidewaysCulprits(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    // clipped by a box that hides or scrolls its overflow; what is absolutely placed only by its containing block
    const clipped = (el) => {
      let placed = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (placed) {
          if (style.position === 'static') continue;
          placed = ['absolute', 'fixed'].includes(style.position);
        }
        if (style.overflowX !== 'visible') return true;
      }
      return false;
    };
    const sticksOut = (el) => el.getBoundingClientRect().right > innerWidth + 0.5 && !clipped(el);
    const name = (el) => {
      const cls = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
      return el.tagName.toLowerCase() + cls.map((c) => '.' + c).join('');
    };
    const found = [];
    for (const el of document.querySelectorAll('body *')) {
      if (!sticksOut(el)) continue;
      const parent = el.parentElement;
      if (parent && parent !== document.body && sticksOut(parent)) continue;
      found.push(name(el) + ' in ' + (parent ? name(parent) : '?') + ' to ' + Math.round(el.getBoundingClientRect().right) + 'px');
    }
    return found.slice(0, 4).join('; ') || 'nothing found';
  })()`);
}

/** Waits for the screen: its heading, its data, and a moment without requests. */
async function settle(page: Page, screen: Screen): Promise<void> {
  await page.locator('h1').first().waitFor();
  if (screen.ready) await page.locator(screen.ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  await screen.open?.(page);
}

async function signedInPage(browser: Browser, url: string, who: Credentials | null, locale: string, viewport: object) {
  const context = await browser.newContext({ locale, viewport: viewport as { width: number; height: number } });
  const page = await context.newPage();
  if (who) {
    await page.goto(`${url}/login`);
    await submitLogin(page, who);
    await page.waitForURL((target) => !target.pathname.startsWith('/login'));
  }
  return { context, page };
}

/** A draft of the demo scheme, its scope narrowed to `departments` if given; its golden cases still hold. */
function demoDraft(departments?: string[]): SchemeDefinition {
  const definition = structuredClone(DEMO_SCHEME_DEFINITION);
  if (departments) definition.scope = { ...definition.scope, departments };
  return definition;
}

describe('accessibility and responsiveness in Chromium', () => {
  const studio = studioInChromium();
  const fixtures = {} as Fixtures;

  // A period closed (reviews pending for the manager, notifications for her), a draft backtested, a version
  // piloted on one department, an alert raised.
  beforeAll(async () => {
    const { stack } = studio;
    const session = await login(stack.url);
    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${stack.url}${path}`, {
        method,
        headers: { ...session, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = await response.json();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return json as T;
    };
    const [older] = lastMonths(new Date(), 3) as [string, string, string];
    fixtures.period = older;
    const { items } = await api<{ items: { id: string; versions: { version: number; status: string }[] }[] }>(
      'GET',
      '/api/schemes',
    );
    const scheme = items.find((s) => s.versions.some((v) => v.status === 'active'));
    if (!scheme) throw new Error('the demo seed has an active scheme');
    const active = scheme.versions.find((v) => v.status === 'active')?.version as number;
    fixtures.schemeId = scheme.id;

    const hook = await postHook(stack.url, {
      id: 'd-a11y-1',
      type: 'deal.lost',
      employee: 'crm-104',
      amount: 250000,
      currency: 'RUB',
      occurredAt: new Date().toISOString(),
    });
    expect(hook.status).toBe(200);

    await api('POST', `/api/schemes/${scheme.id}/versions/${active}/evaluate`, { period: older, mode: 'close' });
    const draft = await api<{ version: number }>('POST', `/api/schemes/${scheme.id}/versions`, {
      effectiveFrom: `${older}-01`,
      definition: demoDraft(),
    });
    const backtest = await api<{ id: string }>('POST', `/api/schemes/${scheme.id}/versions/${draft.version}/backtest`, {
      periods: [older],
    });
    fixtures.backtestId = backtest.id;
    fixtures.draftVersion = draft.version;
    const pilot = await api<{ version: number }>('POST', `/api/schemes/${scheme.id}/versions`, {
      effectiveFrom: `${older}-01`,
      definition: demoDraft(['spb-retail']),
    });
    await api('POST', `/api/schemes/${scheme.id}/versions/${pilot.version}/publish`, { status: 'pilot' });

    const review = await eventually(async () => {
      const { items } = await api<{ items: { id: string; bonus: { period: string; employee: { name: string } } }[] }>(
        'GET',
        '/api/reviews?status=pending',
      );
      return items.find((r) => r.bonus.period === older && r.bonus.employee.name === REP);
    }, 90_000);
    fixtures.reviewId = review.id;
    await eventually(async () => {
      const { status } = await api<{ status: string }>('GET', `/api/backtests/${backtest.id}`);
      return status === 'completed' ? true : undefined;
    }, 120_000);
    await eventually(async () => {
      const { items } = await api<{ items: unknown[] }>('GET', '/api/alerts?status=open');
      return items.length > 0 ? true : undefined;
    }, 60_000);
  }, 240_000);

  for (const viewport of VIEWPORTS) {
    for (const locale of LOCALES) {
      it(`every screen at ${viewport.width}×${viewport.height} in ${locale.code}: no serious or critical axe violation${viewport.name === 'mobile' ? ', nothing scrolls sideways' : ''}`, async () => {
        const { stack, browser } = studio;
        const problems: string[] = [];
        const notes: string[] = [];
        const roles = [...new Set(SCREENS.map((s) => s.who))];
        for (const who of roles) {
          const { context, page } = await signedInPage(browser, stack.url, who, locale.browser, viewport);
          const csp = cspViolations(page);
          for (const screen of SCREENS.filter((s) => s.who === who)) {
            const where = `${screen.name} [${locale.code}, ${viewport.width}px]`;
            await page.goto(`${stack.url}${screen.path(fixtures)}`);
            try {
              await settle(page, screen);
            } catch (error) {
              problems.push(`${where}: did not show (${(error as Error).message.split('\n')[0]})`);
              continue;
            }
            expect(await page.locator('html').getAttribute('lang')).toBe(locale.code);
            for (const finding of await audit(page)) {
              const line = `${where}: ${finding.id} (${finding.impact}) ${finding.help} — ${finding.targets.join(' | ')} — ${finding.helpUrl}`;
              (blocks(finding) ? problems : notes).push(line);
            }
            if (screen.inView) {
              const box = await page.locator(screen.inView).boundingBox();
              if (!box || box.x < 0 || box.x + box.width > viewport.width) {
                problems.push(`${where}: ${screen.inView} is not wholly in the window: ${JSON.stringify(box)}`);
              }
            }
            if (viewport.name === 'mobile') {
              const overflow = await sidewaysOverflow(page);
              if (overflow > 0) {
                problems.push(`${where}: scrolls sideways by ${overflow}px: ${await sidewaysCulprits(page)}`);
              }
            }
          }
          problems.push(...csp.map((message) => `CSP: ${message}`));
          await context.close();
        }
        if (notes.length > 0) console.info(`axe findings that do not fail the test:\n${notes.join('\n')}`);
        expect(problems).toEqual([]);
      }, 600_000);
    }
  }

  it('the keyboard reaches the login form in order, the skip link leads to the content', async () => {
    const { stack, browser } = studio;
    const { context, page } = await signedInPage(browser, stack.url, null, 'en-US', VIEWPORTS[0]);
    await page.goto(`${stack.url}/login`);
    await page.locator('input[name="email"]').waitFor();
    const stops: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate('(e => e.name || e.id || e.textContent.trim())(document.activeElement)'));
    }
    const form = stops.filter((stop) => ['email', 'password', 'Sign in'].includes(stop));
    expect(form.slice(0, 3), stops.join(' → ')).toEqual(['email', 'password', 'Sign in']);
    // the fields come one after another, the submit right after them
    const first = stops.indexOf('email');
    expect(stops.slice(first, first + 3)).toEqual(['email', 'password', 'Sign in']);

    await submitLogin(page, MANAGER);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    // a screen with something to reach inside its content
    await page.goto(`${stack.url}/alerts`);
    await page.locator('[data-alert-id]').first().waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement.id')).toBe('main');
    // the next Tab goes on from the content, not back to the header
    await page.keyboard.press('Tab');
    expect(await page.evaluate('!!document.activeElement.closest("main")')).toBe(true);
    await context.close();
  });

  it('on a phone the header’s Menu button opens the navigation drawer, Escape closes it', async () => {
    const { stack, browser } = studio;
    const { context, page } = await signedInPage(browser, stack.url, MANAGER, 'en-US', VIEWPORTS[1]);
    await page.locator('main h1').waitFor();
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    // closed, the drawer is out of sight and out of the tab order
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.getByRole('link', { name: 'Alerts' }).isVisible()).toBe(false);

    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => nav.getByRole('link', { name: 'Alerts' }).isVisible()).toBe(true);
    // focus goes into the drawer, Tab walks its links
    await expect.poll(() => page.evaluate('!!document.activeElement.closest("#side-nav")')).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('!!document.activeElement.closest("#side-nav")')).toBe(true);
    // open, it passes the same audit as the screens
    const findings = (await audit(page)).filter(blocks);
    expect(findings.map((f) => `${f.id}: ${f.targets.join(' | ')} — ${f.helpUrl}`)).toEqual([]);

    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => nav.getByRole('link', { name: 'Alerts' }).isVisible()).toBe(false);
    // and gives focus back to the button that opened it
    expect(await menu.evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);

    // a link in the drawer navigates and closes it
    await menu.click();
    await nav.getByRole('link', { name: 'Alerts' }).click();
    await page.waitForURL((url) => url.pathname === '/alerts');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await context.close();
  });
});
