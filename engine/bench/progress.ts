// Progress for 10,000 employees × 5 metrics over 1,000,000 events, on SQLite (a temp file) and on
// PostgreSQL (a throwaway cluster), beside a baseline: the same aggregation as one hand-written SQL
// query sent straight through the driver (better-sqlite3, pg). Run: npm run bench -w @yardstick/engine
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect } from '../src/db/migrations/dialect.ts';
import { initORM } from '../src/db/orm.ts';
import { computeActuals } from '../src/modules/kpi/metric.service.ts';
import { computeProgress } from '../src/modules/kpi/progress.service.ts';
import { kpiWorkingCalendar } from '../src/modules/kpi/working-calendar.ts';
import { startTestPostgres } from '../test/postgres.ts';
import { EMPLOYEES, EVENTS, loadDataset, METRICS, PERIOD, RANGE, TIME_ZONE } from './dataset.ts';
import { BetterSqlite, machineLine } from './sqlite-file.ts';

const RUNS = 3;

/** The baseline: the same figures as one query, written by hand. */
const BASELINE = `select employee_id,
    count(case when type = 'deal.won' then 1 end) as deals_won,
    cast(sum(case when type = 'deal.won' then amount_minor end) as text) as won_amount,
    count(case when type = 'deal.created' then 1 end) as deals_created,
    count(case when type = 'call.completed' then 1 end) as calls
  from event
  where occurred_at >= $1 and occurred_at < $2 and employee_id is not null
  group by employee_id`;

async function best<T>(run: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  let fastest = Number.POSITIVE_INFINITY;
  let result: T | undefined;
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    result = await run();
    fastest = Math.min(fastest, (performance.now() - started) / 1000);
  }
  return { seconds: fastest, result: result as T };
}

interface Row {
  database: string;
  service: number;
  actuals: number;
  baseline: number;
  items: number;
  check: string;
}

async function measure(
  database: string,
  url: string,
  dialect: Dialect,
  baseline: () => Promise<Record<string, unknown>[]>,
): Promise<Row> {
  const orm = await initORM(url);
  try {
    const { employees, catalog } = await loadDataset(orm, dialect);
    const calendar = await kpiWorkingCalendar(orm.em.fork(), PERIOD);
    const service = await best(() =>
      computeProgress(orm.em.fork(), {
        period: PERIOD,
        asOf: new Date('2026-10-20T12:00:00Z'),
        timeZone: TIME_ZONE,
        currency: 'RUB',
        dialect,
        calendar,
        employees,
        catalog,
        metrics: [...catalog.values()],
        everyone: true,
      }),
    );
    const actuals = await best(() =>
      computeActuals(orm.em.fork(), {
        catalog,
        keys: [...catalog.keys()],
        period: PERIOD,
        timeZone: TIME_ZONE,
        currency: 'RUB',
        dialect,
      }),
    );
    const hand = await best(baseline);
    // the two agree on the money: the service's total equals the hand-written query's
    const serviceTotal = service.result.items
      .filter((i) => i.metric === 'won_amount')
      .reduce((sum, i) => sum + BigInt(String(i.actual).replace('.', '')), 0n);
    const baselineTotal = hand.result.reduce((sum, r) => sum + BigInt(String(r.won_amount ?? '0')), 0n);
    return {
      database,
      service: service.seconds,
      actuals: actuals.seconds,
      baseline: hand.seconds,
      items: service.result.items.length,
      check: serviceTotal === baselineTotal ? 'totals agree' : `MISMATCH ${serviceTotal} ≠ ${baselineTotal}`,
    };
  } finally {
    await orm.close();
  }
}

const rows: Row[] = [];
// BENCH_DATABASES=sqlite or =postgresql runs one of the two
const only = process.env.BENCH_DATABASES;
const dir = mkdtempSync(join(tmpdir(), 'yardstick-bench-'));
if (only !== 'postgresql')
  try {
    const file = join(dir, 'bench.sqlite');
    rows.push(
      await measure('SQLite (file)', `sqlite:${file}`, 'sqlite', async () => {
        const db = new BetterSqlite(file, { readonly: true });
        try {
          return db
            .prepare(BASELINE.replace('$1', '?').replace('$2', '?'))
            .all(RANGE.from.getTime(), RANGE.to.getTime());
        } finally {
          db.close();
        }
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

const postgres = only === 'sqlite' ? undefined : await startTestPostgres();
if (postgres)
  try {
    rows.push(
      await measure('PostgreSQL', postgres.url, 'postgresql', async () => {
        const client = new pg.Client({ connectionString: postgres.url });
        await client.connect();
        try {
          return (await client.query(BASELINE, [RANGE.from.toISOString(), RANGE.to.toISOString()])).rows;
        } finally {
          await client.end();
        }
      }),
    );
  } finally {
    await postgres.stop();
  }

console.log(machineLine());
console.log(
  `Progress: ${EMPLOYEES.toLocaleString('en')} employees × ${METRICS.length} metrics over ${EVENTS.toLocaleString('en')} events, best of ${RUNS}\n`,
);
console.log(
  '| database | progress (s) | events/s | of which actuals (s) | hand-written query (s) | events/s | ratio progress / query | ratio actuals / query | rows | check |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of rows) {
  const rate = (s: number) => Math.round(EVENTS / s).toLocaleString('en');
  console.log(
    `| ${r.database} | ${r.service.toFixed(3)} | ${rate(r.service)} | ${r.actuals.toFixed(3)} | ${r.baseline.toFixed(3)} | ${rate(r.baseline)} | ${(r.service / r.baseline).toFixed(2)}× | ${(r.actuals / r.baseline).toFixed(2)}× | ${r.items.toLocaleString('en')} | ${r.check} |`,
  );
}
