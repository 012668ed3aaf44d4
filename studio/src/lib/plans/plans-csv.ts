// The plans grid as a CSV file and back: one row per employee (id, name, department), one column per
// metric key, targets as the grid shows them (percent metrics in percents). Import reads the same shape
// (or any spreadsheet with an `employee_id` or `employee` column and columns named by metric key or name), and says per
// row what would change and what is wrong, before anything is sent.
import { type CsvParse, type Delimiter, formatCsv, parseCsv } from './csv.ts';
import { cellKey, employeeScope, type GridEmployee, type GridMetric, type StoredCell } from './plan-grid.ts';
import { parseTarget, plainDecimal, type TargetProblem, targetInput } from './targets.ts';

export const ID_COLUMN = 'employee_id';
export const NAME_COLUMN = 'employee';
export const DEPARTMENT_COLUMN = 'department';

export function plansToCsv(
  employees: readonly GridEmployee[],
  metrics: readonly GridMetric[],
  departmentName: (id: string) => string,
  text: (key: string, metric: GridMetric) => string,
  delimiter: Delimiter = ',',
): string {
  const header = [ID_COLUMN, NAME_COLUMN, DEPARTMENT_COLUMN, ...metrics.map((m) => m.key)];
  const rows = employees.map((e) => [
    e.id,
    e.name,
    departmentName(e.departmentId),
    ...metrics.map((m) => {
      const value = text(cellKey(e.id, m.key), m);
      // a percent target says so, so that a file read elsewhere is not taken for a fraction
      return m.unit === 'percent' && value !== '' && !value.endsWith('%') ? `${value}%` : value;
    }),
  ]);
  return formatCsv([header, ...rows], delimiter);
}

export type RowProblem =
  | { kind: 'unknown_employee'; value: string }
  | { kind: 'ambiguous_employee'; value: string }
  | { kind: 'duplicate_employee'; firstLine: number }
  | { kind: 'bad_target'; metric: string; value: string; problem: TargetProblem };

export interface CellChange {
  metric: string;
  /** the stored target, or null for a new plan */
  from: string | null;
  to: string;
}

export interface ImportRow {
  /** the line of the file */
  line: number;
  employee: GridEmployee | null;
  /** what the row names the employee by, as written */
  label: string;
  changes: CellChange[];
  unchanged: number;
  problems: RowProblem[];
}

export type FileProblem =
  | { kind: 'csv'; parse: Extract<CsvParse, { ok: false }> }
  | { kind: 'empty' }
  | { kind: 'no_employee_column' }
  | { kind: 'no_metric_columns' };

export interface ImportPreview {
  problems: FileProblem[];
  /** header columns that are neither an employee nor a metric key: ignored */
  ignored: string[];
  metrics: string[];
  rows: ImportRow[];
  /** the changes of the rows without problems, ready for PUT /api/plans/bulk */
  upserts: { metric: string; scope: string; target: string }[];
}

const normalize = (header: string) => header.trim().toLowerCase();

/** A metric as import reads a header: its key, or its name in either language. */
export type ImportMetric = GridMetric & { name?: { en: string; ru: string } };

export function readPlansCsv(
  text: string,
  employees: readonly GridEmployee[],
  metrics: readonly ImportMetric[],
  stored: ReadonlyMap<string, StoredCell>,
): ImportPreview {
  const preview: ImportPreview = { problems: [], ignored: [], metrics: [], rows: [], upserts: [] };
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ...preview, problems: [{ kind: 'csv', parse: parsed }] };
  const [header, ...body] = parsed.rows;
  if (!header || body.length === 0) return { ...preview, problems: [{ kind: 'empty' }] };

  const columns = header.map(normalize);
  const idColumn = columns.findIndex((c) => c === ID_COLUMN || c === 'id');
  const nameColumn = columns.findIndex((c) => c === NAME_COLUMN || c === 'name');
  const byKey = new Map<string, GridMetric>(metrics.map((m) => [m.key, m]));
  const byName = new Map<string, GridMetric>();
  for (const m of metrics) for (const name of [m.name?.en, m.name?.ru]) if (name) byName.set(normalize(name), m);
  const metricOf = (h: string) => byKey.get(h.trim()) ?? byName.get(normalize(h));
  const metricColumns = header.flatMap((h, index) => {
    const metric = metricOf(h);
    return metric ? [{ index, metric }] : [];
  });
  preview.metrics = metricColumns.map((c) => c.metric.key);
  preview.ignored = header.filter(
    (h, index) =>
      index !== idColumn &&
      index !== nameColumn &&
      normalize(h) !== DEPARTMENT_COLUMN &&
      !metricOf(h) &&
      h.trim() !== '',
  );
  if (idColumn < 0 && nameColumn < 0) preview.problems.push({ kind: 'no_employee_column' });
  if (metricColumns.length === 0) preview.problems.push({ kind: 'no_metric_columns' });
  if (preview.problems.length > 0) return preview;

  const byId = new Map(employees.map((e) => [e.id, e]));
  const byEmployeeName = new Map<string, GridEmployee[]>();
  for (const e of employees) {
    const name = e.name.trim().toLowerCase();
    byEmployeeName.set(name, [...(byEmployeeName.get(name) ?? []), e]);
  }
  const seen = new Map<string, number>();

  // line numbers: a quoted field may span lines, so count the rows' own line breaks
  let line = 1 + countBreaks(header);
  for (const fields of body) {
    line += 1;
    const rowLine = line;
    line += countBreaks(fields);
    const id = idColumn >= 0 ? (fields[idColumn] ?? '').trim() : '';
    const name = nameColumn >= 0 ? (fields[nameColumn] ?? '').trim() : '';
    const row: ImportRow = {
      line: rowLine,
      employee: null,
      label: name || id,
      changes: [],
      unchanged: 0,
      problems: [],
    };
    if (id) {
      row.employee = byId.get(id) ?? null;
      if (!row.employee) row.problems.push({ kind: 'unknown_employee', value: id });
    } else {
      const matches = byEmployeeName.get(name.toLowerCase()) ?? [];
      if (matches.length === 1) row.employee = matches[0] as GridEmployee;
      else row.problems.push({ kind: matches.length > 1 ? 'ambiguous_employee' : 'unknown_employee', value: name });
    }
    if (row.employee) {
      row.label = row.employee.name;
      const first = seen.get(row.employee.id);
      if (first !== undefined) row.problems.push({ kind: 'duplicate_employee', firstLine: first });
      else seen.set(row.employee.id, rowLine);
    }
    for (const { index, metric } of metricColumns) {
      const value = (fields[index] ?? '').trim();
      if (value === '') continue;
      const target = parseTarget(value, metric.unit);
      if (!target.ok) {
        row.problems.push({ kind: 'bad_target', metric: metric.key, value, problem: target.problem });
        continue;
      }
      if (!row.employee) continue;
      const cell = stored.get(cellKey(row.employee.id, metric.key));
      if (cell && plainDecimal(cell.target) === target.target) row.unchanged += 1;
      else row.changes.push({ metric: metric.key, from: cell?.target ?? null, to: target.target });
    }
    preview.rows.push(row);
    if (row.employee && row.problems.length === 0) {
      for (const change of row.changes) {
        preview.upserts.push({ metric: change.metric, scope: employeeScope(row.employee.id), target: change.to });
      }
    }
  }
  return preview;
}

function countBreaks(fields: readonly string[]): number {
  return fields.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
}

/** A target of a change as the grid shows it (percents for a percent metric). */
export function changeText(target: string | null, metric: GridMetric | undefined): string {
  if (target === null) return '';
  return metric ? targetInput(target, metric.unit) : target;
}
