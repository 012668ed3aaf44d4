// Headless Chromium from Debian's package, driven by playwright-core (never a downloaded browser),
// and what every studio browser test does with it: start the whole system serving the built
// studio, watch the page for Content-Security-Policy violations, sign in.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestStack, type TestStack } from '../../engine/test/stack.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const studioDir = fileURLToPath(new URL('../build', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install chromium).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Starts the system on SQLite, serving the built studio, and Chromium, before the tests of the
 * enclosing `describe`; stops both after them. Read `stack` and `browser` inside the tests.
 */
export function studioInChromium(): { readonly stack: TestStack; readonly browser: Browser } {
  const started = {} as { stack: TestStack; browser: Browser };
  beforeAll(async () => {
    [started.stack, started.browser] = await Promise.all([
      startTestStack({ database: 'sqlite', studioDir }),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.stack?.stop();
  });
  return started;
}

/** The Content-Security-Policy violations the page reports, as they come. */
export function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

export interface Credentials {
  email: string;
  password: string;
}

/** The demo seed's admin. */
export const ADMIN: Credentials = { email: 'admin@yardstick.demo', password: 'demo-admin' };

/** Fills the login form and submits it. */
export async function submitLogin(page: Page, { email, password }: Credentials): Promise<void> {
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
}

/** Signs in on the login page a protected `path` sent the browser to, and waits to be back at `path`. */
export async function signInAt(page: Page, path: string, who: Credentials = ADMIN): Promise<void> {
  await page.waitForURL(/\/login/);
  await submitLogin(page, who);
  await page.waitForURL((target) => target.pathname === path);
}

/** Opens `path` of the studio at `url`, signing in on the way. */
export async function signIn(page: Page, url: string, path: string, who: Credentials = ADMIN): Promise<void> {
  await page.goto(`${url}${path}`);
  await signInAt(page, path, who);
}
