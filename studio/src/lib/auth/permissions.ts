// What a login role may do, for showing or hiding parts of the studio: the engine's own permission
// table, so the two cannot drift. The engine still checks every call; this only hides what a role
// would be refused.
import { PERMISSIONS, type Permission } from '@yardstick/engine/permissions';
import type { UserRole } from '../api/types.ts';

export type StudioPermission = Permission;

export function roleHas(role: UserRole, permission: StudioPermission): boolean {
  return (PERMISSIONS[permission] as readonly string[]).includes(role);
}
