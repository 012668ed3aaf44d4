// Progress for 10,000 employees × 5 metrics over 1,000,000 events, on SQLite (a temp file) and on
// PostgreSQL (a throwaway cluster), beside a baseline: the same aggregation as one hand-written SQL
// query sent straight through the driver (better-sqlite3, pg). Run: npm run bench -w @yardstick/engine
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Metric } from '../src/db/entities/metric.entity.ts';
import { Metric as MetricEntity } from '../src/db/entities/metric.entity.ts';
import type { Dialect } from '../src/db/migrations/dialect.ts';
import { initORM, migrate, type Orm } from '../src/db/orm.ts';
import { parsePeriod, periodRange } from '../src/domain/period.ts';
import { computeActuals } from '../src/modules/kpi/metric.service.ts';
import { computeProgress, type ProgressEmployee } from '../src/modules/kpi/progress.service.ts';
import { kpiWorkingCalendar } from '../src/modules/kpi/working-calendar.ts';
import { startTestPostgres } from '../test/postgres.ts';
import { BetterSqlite, machineLine } from './sqlite-file.ts';

const EMPLOYEES = 10_000;
const EVENTS = 1_000_000;
const RUNS = 3;
const PERIOD = parsePeriod('2026-10');
const TIME_ZONE = 'Europe/Moscow';
const RANGE = periodRange(PERIOD, TIME_ZONE);
const SPAN_SECONDS = (RANGE.to.getTime() - RANGE.from.getTime()) / 1000;

const METRICS = [
  { key: 'won_amount', aggregation: 'sum', field: 'amount', type: 'deal.won', unit: 'money', target: '2500000' },
  { key: 'deals_won', aggregation: 'count', field: null, type: 'deal.won', unit: 'count', target: '12' },
  { key: 'deals_created', aggregation: 'count', field: null, type: 'deal.created', unit: 'count', target: '20' },
  { key: 'calls', aggregation: 'count', field: null, type: 'call.completed', unit: 'count', target: '60' },
  { key: 'conversion', aggregation: 'ratio', field: null, type: null, unit: 'percent', target: '0.6' },
] as const;

/** The data, generated inside the database from the row number, so both databases hold the same rows. */
function populateSql(dialect: Dialect): string[] {
  const pad = (expr: string, prefix: string, width: number) =>
    dialect === 'sqlite'
      ? `printf('${prefix}%0${width}d', ${expr})`
      : `'${prefix}' || lpad((${expr})::text, ${width}, '0')`;
  const now = dialect === 'sqlite' ? String(Date.now()) : 'now()';
  const series = (count: number, body: string) =>
    dialect === 'sqlite'
      ? `with recursive s(n) as (select 0 union all select n + 1 from s where n < ${count - 1}) ${body.replace('FROM_SERIES', 'from s')}`
      : body.replace('FROM_SERIES', `from generate_series(0::bigint, ${count - 1}::bigint) as s(n)`);
  const bucket = '((n * 7919) % 100)';
  const occurred =
    dialect === 'sqlite'
      ? `${RANGE.from.getTime()} + ((n * 15485863) % ${SPAN_SECONDS}) * 1000`
      : `timestamptz '${RANGE.from.toISOString()}' + ((n * 15485863) % ${SPAN_SECONDS}) * interval '1 second'`;
  const statements = [
    `insert into source (id, name, kind, secret, settings, created_at, updated_at) values ('bench', 'bench', 'generic', null, '{}', ${now}, ${now})`,
    series(
      10,
      `insert into department (id, key, name, parent_id, created_at, updated_at) select ${pad('n', 'dep', 2)}, ${pad('n', 'dep', 2)}, ${pad('n', 'Department ', 2)}, null, ${now}, ${now} FROM_SERIES`,
    ),
    series(
      EMPLOYEES,
      `insert into employee (id, name, email, role, department_id, manager_id, team_id, base_bonus_minor, hired_on, left_on, created_at, updated_at)
       select ${pad('n', 'emp', 5)}, ${pad('n', 'Employee ', 5)}, null, 'sales', ${pad('n % 10', 'dep', 2)}, null, null, 6000000,
              case when n % 50 = 0 then '2026-10-15' else '2024-01-01' end, null, ${now}, ${now} FROM_SERIES`,
    ),
    series(
      EVENTS,
      `insert into event (id, source_id, external_id, type, occurred_at, employee_id, external_employee_id, amount_minor, currency, attributes, delivery_id, dispatched_at, created_at)
       select ${pad('n', 'ev', 7)}, 'bench', ${pad('n', 'ev', 7)},
              case when ${bucket} < 60 then 'call.completed' when ${bucket} < 80 then 'deal.created' when ${bucket} < 92 then 'deal.won' else 'deal.lost' end,
              ${occurred}, ${pad(`n % ${EMPLOYEES}`, 'emp', 5)}, null,
              case when ${bucket} >= 80 then (((n * 104729) % 500) + 20) * 100000 end,
              case when ${bucket} >= 80 then 'RUB' end, '{}', null, null, ${now} FROM_SERIES`,
    ),
  ];
  return statements;
}

/** The baseline: the same figures as one query, written by hand. */
const BASELINE = `select employee_id,
    count(case when type = 'deal.won' then 1 end) as deals_won,
    cast(sum(case when type = 'deal.won' then amount_minor end) as text) as won_amount,
    count(case when type = 'deal.created' then 1 end) as deals_created,
    count(case when type = 'call.completed' then 1 end) as calls
  from event
  where occurred_at >= $1 and occurred_at < $2 and employee_id is not null
  group by employee_id`;

async function setUp(
  orm: Orm,
  dialect: Dialect,
): Promise<{ employees: ProgressEmployee[]; catalog: Map<string, Metric> }> {
  await migrate(orm);
  const connection = orm.em.getConnection();
  const started = performance.now();
  for (const sql of populateSql(dialect)) await connection.execute(sql);
  const em = orm.em.fork();
  for (const m of METRICS) {
    em.create(MetricEntity, {
      id: `metric-${m.key}`,
      key: m.key,
      name: { en: m.key, ru: m.key },
      aggregation: m.aggregation,
      field: m.field,
      filter: m.type ? { '==': [{ var: 'type' }, m.type] } : null,
      params: m.aggregation === 'ratio' ? { numerator: 'deals_won', denominator: 'deals_created' } : null,
      unit: m.unit,
      direction: 'higher',
      thresholds: null,
    });
  }
  await em.flush();
  const now = dialect === 'sqlite' ? String(Date.now()) : 'now()';
  for (const m of METRICS) {
    await connection.execute(
      `insert into plan (id, metric_id, period, employee_id, department_id, team_id, scope_key, target, created_at, updated_at)
       select 'plan-${m.key}-' || id, 'metric-${m.key}', '${PERIOD.key}', id, null, null, 'employee:' || id, ${m.target}, ${now}, ${now} from employee`,
    );
  }
  await connection.execute('analyze');
  console.log(
    `  ${dialect}: generated ${EVENTS.toLocaleString('en')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const employees = (await connection.execute(
    'select id, name, department_id as department, team_id as team, hired_on as "hiredOn", left_on as "leftOn" from employee',
  )) as ProgressEmployee[];
  const catalog = new Map((await orm.em.fork().find(MetricEntity, {})).map((m) => [m.key, m]));
  return { employees, catalog };
}

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
    const { employees, catalog } = await setUp(orm, dialect);
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
