// The rule engine's benchmark: `npm run bench -w @yardstick/rules` (node --expose-gc bench/evaluate.ts).
// One process, one run, 10,000 distinct employee contexts; four cases; prints a table with the
// machine's facts. Compares compiled rules with hand-written JavaScript, json-logic-engine build()
// (which compiles with eval) and json-logic-js apply (an interpreter).

import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { LogicEngine } from 'json-logic-engine';
import jsonLogic from 'json-logic-js';
import { compile } from '../src/index.ts';
import { type BenchCase, cases } from './cases.ts';
import { type EmployeeContext, makeContexts } from './contexts.ts';

const EMPLOYEES = 10_000;
const MIN_TIME_MS = 1000;
const contexts = makeContexts(EMPLOYEES);
type Fn = (c: EmployeeContext) => unknown;

/**
 * Time (ms) of one pass of every function over every context: the fastest pass, which other
 * processes on a shared machine disturb least, and the median.
 */
function timePasses(fns: Fn[], minPasses: number): { best: number; median: number } {
  const out = new Array(fns.length);
  const pass = () => {
    const t0 = performance.now();
    for (let i = 0; i < contexts.length; i++) {
      const c = contexts[i] as EmployeeContext;
      for (let r = 0; r < fns.length; r++) out[r] = (fns[r] as Fn)(c);
    }
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i++) pass(); // warm-up: let the JIT compile
  const times: number[] = [];
  const started = performance.now();
  while (times.length < minPasses || performance.now() - started < MIN_TIME_MS) times.push(pass());
  times.sort((a, b) => a - b);
  return { best: times[0] as number, median: times[Math.floor(times.length / 2)] as number };
}

function implementations(c: BenchCase) {
  const engine = new LogicEngine();
  const compiled = c.rules.map((rule) => compile(rule));
  return {
    hand: [c.hand],
    yardstick: compiled.map((rule): Fn => rule.run),
    engine: c.core.map((rule) => engine.build(rule as never) as unknown as Fn),
    jsonLogic: c.core.map(
      (rule): Fn =>
        (ctx) =>
          jsonLogic.apply(rule as never, ctx),
    ),
  };
}

/** Do the implementations agree on every context? (Payouts: the references compute in floating point.) */
function agreement(c: BenchCase, impl: ReturnType<typeof implementations>): string {
  let same = 0;
  let payoutOff = 0;
  for (const ctx of contexts) {
    const hand = c.hand(ctx);
    const expected = c.rules.length === 1 ? [hand] : [...(hand as unknown[])];
    const ours = impl.yardstick.map((f) => f(ctx));
    const engine = impl.engine.map((f) => f(ctx));
    const reference = impl.jsonLogic.map((f) => f(ctx));
    const normalize = (values: unknown[]) =>
      values.map((x, i) => (c.rules.length > 1 && i === 0 ? (Math.round(Number(x) * 100) / 100).toFixed(2) : x));
    if (c.name.includes('float')) {
      // Float payouts: the weighted coefficient is rounded to 12 decimals in ours and the hand-written code only.
      const close = (a: unknown[], b: unknown[]) => isDeepStrictEqual(normalize(a), normalize(b));
      if (close(ours, expected)) same++;
      if (!close(engine, expected) || !close(reference, expected)) payoutOff++;
      continue;
    }
    if (isDeepStrictEqual(ours, expected)) same++;
    if (
      !isDeepStrictEqual(normalize(engine), normalize(expected)) ||
      !isDeepStrictEqual(normalize(reference), normalize(expected))
    ) {
      payoutOff++;
    }
  }
  const note = payoutOff ? `; float payouts ≠ exact on ${payoutOff}` : '';
  return `${same === EMPLOYEES ? 'all' : same} agree${note}`;
}

function compileMicros(rules: unknown[], core: unknown[]): { ours: number; engine: number } {
  const engine = new LogicEngine();
  const measure = (fn: () => void) => {
    for (let i = 0; i < 200; i++) fn();
    const n = 2000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    return ((performance.now() - t0) * 1000) / n / rules.length;
  };
  return {
    ours: measure(() => {
      for (const rule of rules) compile(rule);
    }),
    engine: measure(() => {
      for (const rule of core) engine.build(rule as never);
    }),
  };
}

function heapBytesPerRule(rules: unknown[]): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  const copies = 500;
  const sources = Array.from({ length: copies }, () => rules.map((r) => JSON.parse(JSON.stringify(r))));
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = sources.map((set) => set.map((rule) => compile(rule)));
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (kept.length !== copies) throw new Error('unreachable');
  return (after - before) / (copies * rules.length);
}

const fmtRate = (perSecond: number) =>
  perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(1)} M/s` : `${(perSecond / 1e3).toFixed(0)} k/s`;
const fmtRatio = (x: number) => (x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(1)}×`);

const cpu = cpus();
console.log('Yardstick rules benchmark');
console.log(
  `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} free), ${platform()} ${release()}`,
);
console.log(
  `runtime: Node ${process.version}, V8 ${process.versions.v8}; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(
  `data: ${EMPLOYEES.toLocaleString('en')} distinct employee contexts; fastest pass after warm-up (median shown too), one process\n`,
);

const rows: string[][] = [];
const header = [
  'case',
  'rules',
  'yardstick evals/s',
  '10k employees',
  'hand-written',
  'json-logic-engine build()',
  'json-logic-js apply',
  'vs hand',
  'vs engine',
  'vs json-logic-js',
  'compile/rule',
  'heap/rule',
  'results',
];
for (const c of cases) {
  const impl = implementations(c);
  const check = agreement(c, impl);
  const timed = timePasses(impl.yardstick, 5);
  const ours = timed.best;
  const hand = timePasses(impl.hand, 5).best;
  const engine = timePasses(impl.engine, 5).best;
  const reference = timePasses(impl.jsonLogic, 2).best;
  const evals = (ms: number) => (c.rules.length * EMPLOYEES) / (ms / 1000);
  const compileTime = compileMicros(c.rules, c.core);
  const heap = heapBytesPerRule(c.rules);
  rows.push([
    c.name,
    String(c.rules.length),
    fmtRate(evals(ours)),
    `${ours.toFixed(2)} ms (median ${timed.median.toFixed(2)})`,
    fmtRate(evals(hand)),
    fmtRate(evals(engine)),
    fmtRate(evals(reference)),
    `${fmtRatio(ours / hand)} slower`,
    `${fmtRatio(engine / ours)} faster`,
    `${fmtRatio(reference / ours)} faster`,
    `${compileTime.ours.toFixed(1)} µs (engine ${compileTime.engine.toFixed(0)} µs)`,
    heap === undefined ? 'n/a (--expose-gc)' : `${(heap / 1024).toFixed(1)} KiB`,
    check,
  ]);
}

const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log(
  '\nyardstick: compiled closures, called through CompiledRule.run; "10k employees": time for all rules of the case on every context.' +
    '\njson-logic-js and json-logic-engine run the same logic in core JSON-logic (no tier/scale/pct/money); their payouts are binary floating point.',
);
