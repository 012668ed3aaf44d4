// The designer's live preview recomputing 1,000 employees in headless Chromium, for the demo KPI card
// and for a tiered card of five lines with a tier table in the payout rule. The code is the studio's
// own preview (src/lib/schemes/preview.ts), bundled by Vite as the studio is. Baseline in the same
// run and browser: the per-employee evaluation with traces the engine's simulate endpoint uses.
// Target: < 100 ms per recompute.
import { fileURLToPath } from 'node:url';
import type { SchemeDefinition } from '@yardstick/workflows/evaluation';
import { build } from 'vite';
import { DEMO_SCHEME_DEFINITION } from '../../engine/src/db/seed/demo-data.ts';
import { launchChromium } from '../e2e/chromium.ts';
import type { PreviewInput } from '../src/lib/schemes/preview.ts';

const EMPLOYEES = 1_000;
const ROUNDS = 30;
const TARGET_MS = 100;

/** a deterministic spread of attainments around plan (0.4–1.6) */
function participants(definition: SchemeDefinition, count: number): PreviewInput[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: count }, (_, i) => ({
    employee: { id: `e${i}`, name: `Employee ${i}`, department: i % 2 ? 'moscow-b2b' : 'spb-retail', role: 'sales' },
    context: {
      employee: { id: `e${i}`, base_bonus: i % 10 === 0 ? '80000.00' : '60000.00' },
      period: { key: '2026-11', start: '2026-11-01', end: '2026-11-30' },
      kpi: Object.fromEntries(
        (definition.kpis ?? []).map((line) => {
          const plan = 100 + Math.round(next() * 2_500_000);
          return [line.metric, { actual: Math.round(plan * (0.4 + next() * 1.2)), plan }];
        }),
      ),
    },
    active: { payout: '60000.00', currency: 'RUB' },
  }));
}

const TIER_LINES = [
  { metric: 'won_amount', weight: 0.4, threshold: 0.8, cap: 1.5 },
  { metric: 'deals_won', weight: 0.2, threshold: 0.5, cap: 1.5 },
  { metric: 'calls', weight: 0.15, threshold: 0.7, cap: 1.2 },
  { metric: 'meetings', weight: 0.15, threshold: 0.6, cap: 1.2 },
  { metric: 'margin', weight: 0.1, threshold: 0.9, cap: 1.1 },
];
const weighted = { var: 'achievement' };
const TIERED: SchemeDefinition = {
  ...DEMO_SCHEME_DEFINITION,
  kpis: TIER_LINES,
  goldenCases: [],
  payout: {
    '*': [
      { var: 'employee.base_bonus' },
      {
        if: [{ '<': [weighted, 0.8] }, 0, { '<': [weighted, 1] }, 0.8, { '<': [weighted, 1.2] }, 1, 1.3],
      },
    ],
  },
};

const entry = fileURLToPath(new URL('./preview-entry.ts', import.meta.url));
const bundled = await build({
  configFile: false,
  logLevel: 'silent',
  build: { write: false, minify: true, lib: { entry, formats: ['iife'], name: 'PreviewBench' } },
});
const output = (Array.isArray(bundled) ? bundled[0] : bundled) as { output: { code?: string }[] };
const code = output.output[0]?.code;
if (!code) throw new Error('The preview bundle is empty');

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto('about:blank');
  await page.addScriptTag({ content: code });
  console.log(`${EMPLOYEES.toLocaleString('en')} employees, ${ROUNDS} recomputes each (Chromium, median and p95)\n`);
  console.log('| card | live preview (ms) | p95 | baseline: evaluate with traces (ms) | ratio | total cost | target |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  let worst = 0;
  for (const [name, definition] of [
    ['demo card (3 lines, coefficients)', DEMO_SCHEME_DEFINITION],
    ['tiered card (5 lines, tier table)', TIERED],
  ] as const) {
    const timings = await page.evaluate(
      ([d, p, rounds]) =>
        (globalThis as unknown as { PreviewBench: typeof import('./preview-entry.ts') }).PreviewBench.measure(
          d,
          p,
          rounds,
        ),
      [definition, participants(definition, EMPLOYEES), ROUNDS] as const,
    );
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] as number;
    // the first rounds warm the JIT; report the steady state a user feels while editing
    const preview = timings.preview.slice(5);
    const baseline = timings.baseline.slice(5);
    worst = Math.max(worst, p95(preview));
    console.log(
      `| ${name} | ${median(preview).toFixed(1)} | ${p95(preview).toFixed(1)} | ${median(baseline).toFixed(1)} | ${(median(baseline) / median(preview)).toFixed(1)}× faster | ${timings.total} | < ${TARGET_MS} |`,
    );
  }
  console.log(
    `\nLive preview target (1,000 employees < ${TARGET_MS} ms): ${worst < TARGET_MS ? 'met' : 'MISSED'} (worst p95 ${worst.toFixed(1)} ms)`,
  );
} finally {
  await browser.close();
}
