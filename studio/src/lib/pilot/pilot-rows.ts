// The pilot comparison as the screen shows it: who the pilot covers, the columns its table sorts by, and the
// period to compare when none is asked for.
import type { PilotDiffItem } from '../api/pilot.ts';
import type { Column } from '../backtests/sorting.ts';

export const PILOT_DEPENDENCY = 'app:pilot';
export const PERIOD_PARAM = 'period';

export type PilotColumn = 'employee' | 'department' | 'active' | 'pilot' | 'difference';

/** The columns, the department shown (and sorted) by its name. */
export function pilotColumns(departmentName: (key: string) => string): Record<PilotColumn, Column<PilotDiffItem>> {
  return {
    employee: { kind: 'text', value: (i) => i.employee.name },
    department: { kind: 'text', value: (i) => departmentName(i.employee.department) },
    active: { kind: 'money', value: (i) => i.active?.payout ?? null },
    pilot: { kind: 'money', value: (i) => i.pilot?.payout ?? null },
    difference: { kind: 'money', value: (i) => i.difference },
  };
}

/** The period asked for in the URL when it is one of those offered, else the first offered (the current one). */
export function chosenPeriod(asked: string | null, offered: readonly string[]): string | undefined {
  return asked && offered.includes(asked) ? asked : offered[0];
}

/** Names a department by its key; a key the caller cannot see stays as it is. */
export function departmentNamer(departments: readonly { key: string; name: string }[]): (key: string) => string {
  const names = new Map(departments.map((d) => [d.key, d.name]));
  return (key) => names.get(key) ?? key;
}

export interface AchievementRow {
  metric: string;
  /** the same attainment feeds both versions; the pilot's, else the active's */
  attainment: number | null;
  activeWeight: number | null;
  pilotWeight: number | null;
  activeAchievement: number | null;
  pilotAchievement: number | null;
}

/** The KPI lines of both sides of an employee's comparison, by metric: the active version's order, then the pilot's new lines. */
export function achievementRows(item: Pick<PilotDiffItem, 'active' | 'pilot'>): AchievementRow[] {
  const rows = new Map<string, AchievementRow>();
  const row = (metric: string) => {
    let found = rows.get(metric);
    if (!found) {
      found = {
        metric,
        attainment: null,
        activeWeight: null,
        pilotWeight: null,
        activeAchievement: null,
        pilotAchievement: null,
      };
      rows.set(metric, found);
    }
    return found;
  };
  for (const line of item.active?.achievements ?? []) {
    const r = row(line.metric);
    r.attainment = line.attainment;
    r.activeWeight = line.weight;
    r.activeAchievement = line.achievement;
  }
  for (const line of item.pilot?.achievements ?? []) {
    const r = row(line.metric);
    r.attainment = line.attainment ?? r.attainment;
    r.pilotWeight = line.weight;
    r.pilotAchievement = line.achievement;
  }
  return [...rows.values()];
}
