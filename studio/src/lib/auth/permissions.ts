// What a login role may do, for showing or hiding parts of the studio. A copy of the rows of the
// engine's permission table (engine/src/http/permissions.ts) that the studio needs; the engine
// still checks every call, so a stale copy can only hide or show a link, never grant access.
import type { UserRole } from '../api/types.ts';

const PERMISSIONS = {
  'sources.manage': ['admin'],
} as const satisfies Record<string, readonly UserRole[]>;

export type StudioPermission = keyof typeof PERMISSIONS;

export function roleHas(role: UserRole, permission: StudioPermission): boolean {
  return (PERMISSIONS[permission] as readonly UserRole[]).includes(role);
}
