// The benchmarks' dataset: 10,000 employees in 10 departments, 1,000,000 CRM events in October 2026 (calls,
// deals created, won and lost, with amounts), five metrics and a plan per employee and metric. Generated inside
// the database from the row number, so SQLite and PostgreSQL hold the same rows.
import type { Metric } from '../src/db/entities/metric.entity.ts';
import { Metric as MetricEntity } from '../src/db/entities/metric.entity.ts';
import type { Dialect } from '../src/db/migrations/dialect.ts';
import { migrate, type Orm } from '../src/db/orm.ts';
import { parsePeriod, periodRange } from '../src/domain/period.ts';
import type { ProgressEmployee } from '../src/modules/kpi/progress.service.ts';

export const EMPLOYEES = 10_000;
export const EVENTS = 1_000_000;

export interface DatasetSize {
  employees: number;
  events: number;
}
export const PERIOD = parsePeriod('2026-10');
export const TIME_ZONE = 'Europe/Moscow';
export const RANGE = periodRange(PERIOD, TIME_ZONE);
const SPAN_SECONDS = (RANGE.to.getTime() - RANGE.from.getTime()) / 1000;

export const METRICS = [
  { key: 'won_amount', aggregation: 'sum', field: 'amount', type: 'deal.won', unit: 'money', target: '2500000' },
  { key: 'deals_won', aggregation: 'count', field: null, type: 'deal.won', unit: 'count', target: '12' },
  { key: 'deals_created', aggregation: 'count', field: null, type: 'deal.created', unit: 'count', target: '20' },
  { key: 'calls', aggregation: 'count', field: null, type: 'call.completed', unit: 'count', target: '60' },
  { key: 'conversion', aggregation: 'ratio', field: null, type: null, unit: 'percent', target: '0.6' },
] as const;

/** The data, generated inside the database from the row number, so both databases hold the same rows. */
function populateSql(dialect: Dialect, size: DatasetSize): string[] {
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
      size.employees,
      `insert into employee (id, name, email, role, department_id, manager_id, team_id, base_bonus_minor, hired_on, left_on, created_at, updated_at)
       select ${pad('n', 'emp', 5)}, ${pad('n', 'Employee ', 5)}, null, 'sales', ${pad('n % 10', 'dep', 2)}, null, null, 6000000,
              case when n % 50 = 0 then '2026-10-15' else '2024-01-01' end, null, ${now}, ${now} FROM_SERIES`,
    ),
    series(
      size.events,
      `insert into event (id, source_id, external_id, type, occurred_at, employee_id, external_employee_id, amount_minor, currency, attributes, delivery_id, dispatched_at, created_at)
       select ${pad('n', 'ev', 7)}, 'bench', ${pad('n', 'ev', 7)},
              case when ${bucket} < 60 then 'call.completed' when ${bucket} < 80 then 'deal.created' when ${bucket} < 92 then 'deal.won' else 'deal.lost' end,
              ${occurred}, ${pad(`n % ${size.employees}`, 'emp', 5)}, null,
              case when ${bucket} >= 80 then (((n * 104729) % 500) + 20) * 100000 end,
              case when ${bucket} >= 80 then 'RUB' end, '{}', null, null, ${now} FROM_SERIES`,
    ),
  ];
  return statements;
}

export async function loadDataset(
  orm: Orm,
  dialect: Dialect,
  size: DatasetSize = { employees: EMPLOYEES, events: EVENTS },
): Promise<{ employees: ProgressEmployee[]; catalog: Map<string, Metric> }> {
  await migrate(orm);
  const connection = orm.em.getConnection();
  const started = performance.now();
  for (const sql of populateSql(dialect, size)) await connection.execute(sql);
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
    `  ${dialect}: generated ${size.events.toLocaleString('en')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const employees = (await connection.execute(
    'select id, name, department_id as department, team_id as team, hired_on as "hiredOn", left_on as "leftOn" from employee',
  )) as ProgressEmployee[];
  const catalog = new Map((await orm.em.fork().find(MetricEntity, {})).map((m) => [m.key, m]));
  return { employees, catalog };
}
