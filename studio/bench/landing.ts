// The landing route's weight, two ways, beside a baseline from the same build:
// - from the build: SvelteKit's entries + layouts + dashboard page and their static imports, gzipped;
// - in Chromium: the JavaScript a signed-in browser actually downloads opening `/` (encoded bytes as
//   served, brotli), until the dashboard shows.
// Baseline: all of the studio's JavaScript, gzipped (what an unsplit app would send).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startTestStack } from '../../engine/test/stack.ts';
import { launchChromium } from '../e2e/chromium.ts';
import { describeLanding, kb, LANDING_BUDGET_BYTES, routeBundle, STUDIO_ROOT } from '../scripts/bundle-report.ts';

function allJavaScript(dir: string): { bytes: number; gzip: number } {
  let bytes = 0;
  let gzip = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const content = readFileSync(join(entry.parentPath, entry.name));
    bytes += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { bytes, gzip };
}

const bundle = routeBundle();
const everything = allJavaScript(join(STUDIO_ROOT, 'build/_app/immutable'));
console.log(describeLanding(bundle));

const [stack, browser] = await Promise.all([
  startTestStack({ database: 'sqlite', studioDir: join(STUDIO_ROOT, 'build') }),
  launchChromium(),
]);
try {
  const page = await browser.newPage();
  const transferred = new Map<string, number>();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  cdp.on('Network.responseReceived', (event) => {
    if (event.type === 'Script') urls.set(event.requestId, event.response.url);
  });
  cdp.on('Network.loadingFinished', (event) => {
    const url = urls.get(event.requestId);
    if (url) transferred.set(url, event.encodedDataLength);
  });
  // sign in first, then measure a fresh load of the landing route with an empty cache
  await page.goto(`${stack.url}/login`);
  await page.fill('input[name="email"]', 'hr@yardstick.demo');
  await page.fill('input[name="password"]', 'demo-hr');
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => url.pathname === '/dashboard');
  await cdp.send('Network.clearBrowserCache');
  transferred.clear();
  urls.clear();
  await page.goto(`${stack.url}/`);
  await page.waitForURL((url) => url.pathname === '/dashboard');
  await page.waitForLoadState('networkidle');
  const browserBytes = [...transferred.values()].reduce((sum, n) => sum + n, 0);

  console.log('');
  console.log('| measure | landing route | whole studio (baseline) | landing / whole | budget |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(
    `| build, gzip -9 | ${kb(bundle.gzip)} | ${kb(everything.gzip)} | ${((100 * bundle.gzip) / everything.gzip).toFixed(0)}% | ${kb(LANDING_BUDGET_BYTES)} |`,
  );
  console.log(
    `| build, raw | ${kb(bundle.bytes)} | ${kb(everything.bytes)} | ${((100 * bundle.bytes) / everything.bytes).toFixed(0)}% | |`,
  );
  console.log(
    `| Chromium, as served (${transferred.size} scripts) | ${kb(browserBytes)} | | | ${kb(LANDING_BUDGET_BYTES)} |`,
  );
  console.log(
    `\nLanding route target (< ${kb(LANDING_BUDGET_BYTES)} gzipped): ${Math.max(bundle.gzip, browserBytes) < LANDING_BUDGET_BYTES ? 'met' : 'MISSED'}`,
  );
} finally {
  await browser.close();
  await stack.stop();
}
