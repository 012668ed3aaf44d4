// The plans grid: employees down, metrics across, one period. What is stored, what the user typed over it,
// which edits are ready to save (upserts for PUT /api/plans/bulk, deletions for cleared cells), spreadsheet
// keyboard moves, and bulk fill (a value, or last period's targets).
import { sumDecimals } from '../decimal.ts';
import { parseTarget, plainDecimal, type TargetParse, type TargetUnit, targetInput } from './targets.ts';

export interface GridEmployee {
  id: string;
  name: string;
  departmentId: string;
}

export interface GridMetric {
  key: string;
  unit: TargetUnit;
}

export interface StoredPlan {
  id: string;
  metric: string;
  scope: string;
  target: string;
}

export interface StoredCell {
  planId: string;
  target: string;
}

export const employeeScope = (employeeId: string): string => `employee:${employeeId}`;

/** One cell's key: `<employee id>|<metric key>`. */
export const cellKey = (employeeId: string, metric: string): string => `${employeeId}|${metric}`;

export function splitCellKey(key: string): { employeeId: string; metric: string } {
  const at = key.lastIndexOf('|');
  return { employeeId: key.slice(0, at), metric: key.slice(at + 1) };
}

/** The employee plans of a period by cell; team, department and company plans are not in this grid. */
export function storedCells(plans: readonly StoredPlan[]): Map<string, StoredCell> {
  const cells = new Map<string, StoredCell>();
  for (const plan of plans) {
    if (!plan.scope.startsWith('employee:')) continue;
    cells.set(cellKey(plan.scope.slice('employee:'.length), plan.metric), { planId: plan.id, target: plan.target });
  }
  return cells;
}

/** The text a cell shows: the user's edit, else the stored target in the unit's input form, else empty. */
export function cellText(
  key: string,
  unit: TargetUnit,
  stored: ReadonlyMap<string, StoredCell>,
  edits: ReadonlyMap<string, string>,
): string {
  const edit = edits.get(key);
  if (edit !== undefined) return edit;
  const cell = stored.get(key);
  return cell ? targetInput(cell.target, unit) : '';
}

export type EditState = 'unchanged' | 'changed' | 'cleared' | 'invalid';

export interface EditCheck {
  state: EditState;
  parse: TargetParse | null;
}

/** What an edit amounts to against the stored target. */
export function checkEdit(text: string, unit: TargetUnit, stored: StoredCell | undefined): EditCheck {
  if (text.trim() === '') return { state: stored ? 'cleared' : 'unchanged', parse: null };
  const parse = parseTarget(text, unit);
  if (!parse.ok) return { state: 'invalid', parse };
  const same = stored !== undefined && plainDecimal(stored.target) === parse.target;
  return { state: same ? 'unchanged' : 'changed', parse };
}

export interface PendingChanges {
  upserts: { metric: string; scope: string; target: string }[];
  deletions: { key: string; planId: string }[];
  /** cells whose text is not a valid target: nothing is saved while there are any */
  invalid: string[];
}

export function pendingChanges(
  edits: ReadonlyMap<string, string>,
  stored: ReadonlyMap<string, StoredCell>,
  units: ReadonlyMap<string, TargetUnit>,
): PendingChanges {
  const changes: PendingChanges = { upserts: [], deletions: [], invalid: [] };
  for (const [key, text] of edits) {
    const { employeeId, metric } = splitCellKey(key);
    const unit = units.get(metric);
    if (!unit) continue;
    const cell = stored.get(key);
    const check = checkEdit(text, unit, cell);
    if (check.state === 'invalid') changes.invalid.push(key);
    else if (check.state === 'cleared' && cell) changes.deletions.push({ key, planId: cell.planId });
    else if (check.state === 'changed' && check.parse?.ok) {
      changes.upserts.push({ metric, scope: employeeScope(employeeId), target: check.parse.target });
    }
  }
  return changes;
}

export interface CellPosition {
  row: number;
  column: number;
}

/**
 * Where the cursor goes for a key, as in a spreadsheet: arrows move one cell, Enter goes down (Shift: up),
 * Tab goes right and wraps to the next row (Shift: left and back). Null for keys that do not move it.
 */
export function nextCell(
  from: CellPosition,
  key: string,
  shift: boolean,
  size: { rows: number; columns: number },
): CellPosition | null {
  const { rows, columns } = size;
  if (rows === 0 || columns === 0) return null;
  const clampRow = (row: number) => Math.min(rows - 1, Math.max(0, row));
  const clampColumn = (column: number) => Math.min(columns - 1, Math.max(0, column));
  switch (key) {
    case 'ArrowUp':
      return { row: clampRow(from.row - 1), column: from.column };
    case 'ArrowDown':
      return { row: clampRow(from.row + 1), column: from.column };
    case 'ArrowLeft':
      return { row: from.row, column: clampColumn(from.column - 1) };
    case 'ArrowRight':
      return { row: from.row, column: clampColumn(from.column + 1) };
    case 'Enter':
      return { row: clampRow(from.row + (shift ? -1 : 1)), column: from.column };
    case 'Tab': {
      const index = from.row * columns + from.column + (shift ? -1 : 1);
      const last = rows * columns - 1;
      const at = Math.min(last, Math.max(0, index));
      return { row: Math.floor(at / columns), column: at % columns };
    }
    default:
      return null;
  }
}

/** Bulk fill: the same text in one metric's cell of every listed employee. */
export function fillValue(
  edits: ReadonlyMap<string, string>,
  employees: readonly GridEmployee[],
  metric: string,
  text: string,
): Map<string, string> {
  const next = new Map(edits);
  for (const employee of employees) next.set(cellKey(employee.id, metric), text);
  return next;
}

/**
 * Bulk fill from the previous period: each listed employee's target of that period, for the given metrics;
 * cells with no previous target are left as they are. Gives the edits and how many cells were filled.
 */
export function copyPrevious(
  edits: ReadonlyMap<string, string>,
  employees: readonly GridEmployee[],
  metrics: readonly GridMetric[],
  previous: ReadonlyMap<string, StoredCell>,
): { edits: Map<string, string>; filled: number } {
  const next = new Map(edits);
  let filled = 0;
  for (const employee of employees) {
    for (const metric of metrics) {
      const key = cellKey(employee.id, metric.key);
      const cell = previous.get(key);
      if (!cell) continue;
      next.set(key, targetInput(cell.target, metric.unit));
      filled += 1;
    }
  }
  return { edits: next, filled };
}

/** Drops edits that say what is stored already, so "unsaved changes" counts only real ones. */
export function withoutNoOps(
  edits: ReadonlyMap<string, string>,
  stored: ReadonlyMap<string, StoredCell>,
  units: ReadonlyMap<string, TargetUnit>,
): Map<string, string> {
  const next = new Map<string, string>();
  for (const [key, text] of edits) {
    const unit = units.get(splitCellKey(key).metric);
    if (unit && checkEdit(text, unit, stored.get(key)).state === 'unchanged') continue;
    next.set(key, text);
  }
  return next;
}

/**
 * A metric's column total as the grid shows it (typed edits included, invalid ones left out); null for
 * percent and duration metrics, whose targets do not add up.
 */
export function columnTotal(
  employees: readonly GridEmployee[],
  metric: GridMetric,
  stored: ReadonlyMap<string, StoredCell>,
  edits: ReadonlyMap<string, string>,
): string | null {
  if (metric.unit !== 'money' && metric.unit !== 'count') return null;
  const values: string[] = [];
  for (const employee of employees) {
    const key = cellKey(employee.id, metric.key);
    const edit = edits.get(key);
    if (edit === undefined) {
      const cell = stored.get(key);
      if (cell) values.push(cell.target);
    } else {
      const check = checkEdit(edit, metric.unit, stored.get(key));
      if (check.parse?.ok) values.push(check.parse.target);
    }
  }
  return sumDecimals(values);
}
