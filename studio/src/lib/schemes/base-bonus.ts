// The base bonus per role: what the scope's employees have as their own base bonus, role by role, beside
// what the scheme sets for a role (which replaces theirs in the rule context).

import { fromMinor, minorUnits } from '../money.ts';
import type { PreviewInput } from './preview.ts';

export interface RoleBaseBonus {
  role: string;
  employees: number;
  /** the lowest and highest of their own base bonuses, decimal strings */
  min: string;
  max: string;
  /** what the scheme sets for the role, if it does */
  scheme: string | null;
}

export function baseBonusByRole(
  participants: readonly PreviewInput[],
  byRole: Readonly<Record<string, string>> | undefined,
  currency: string,
): RoleBaseBonus[] {
  const roles = new Map<string, { employees: number; min: bigint; max: bigint }>();
  for (const p of participants) {
    const own = (p.context as { employee?: { base_bonus?: string } }).employee?.base_bonus ?? '0';
    const minor = minorUnits(own, currency);
    const entry = roles.get(p.employee.role);
    if (!entry) roles.set(p.employee.role, { employees: 1, min: minor, max: minor });
    else {
      entry.employees++;
      if (minor < entry.min) entry.min = minor;
      if (minor > entry.max) entry.max = minor;
    }
  }
  const names = [...new Set([...roles.keys(), ...Object.keys(byRole ?? {})])].sort();
  return names.map((role) => {
    const entry = roles.get(role);
    return {
      role,
      employees: entry?.employees ?? 0,
      min: fromMinor(entry?.min ?? 0n, currency),
      max: fromMinor(entry?.max ?? 0n, currency),
      scheme: byRole?.[role] ?? null,
    };
  });
}
