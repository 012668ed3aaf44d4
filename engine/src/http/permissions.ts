// Who may do what: one table of permissions to roles, read by every route. The access-matrix test
// walks this table, so a route guarded here is a route tested there.
import type { UserRole } from '../db/entities/user.entity.ts';

export const PERMISSIONS = {
  /** departments, teams, employees, organization, calendars: read; managers and employees see their scope */
  'people.read': ['admin', 'hr', 'manager', 'employee', 'viewer'],
  'people.write': ['admin', 'hr'],
  'users.manage': ['admin'],
  'organization.write': ['admin'],
  'metrics.read': ['admin', 'hr', 'manager', 'employee', 'viewer'],
  'metrics.write': ['admin', 'hr'],
  'plans.read': ['admin', 'hr', 'manager', 'viewer'],
  'plans.write': ['admin', 'hr'],
  /** progress and the leaderboard; managers and employees see their scope only */
  'progress.read': ['admin', 'hr', 'manager', 'employee', 'viewer'],
  'schemes.read': ['admin', 'hr', 'manager', 'viewer'],
  'schemes.write': ['admin', 'hr'],
  'schemes.publish': ['admin', 'hr'],
  /** simulated payouts are bonus figures: not for viewers, who may not read bonuses either */
  'schemes.simulate': ['admin', 'hr', 'manager'],
  /** CRM events; managers see their departments', employees their own */
  'events.read': ['admin', 'hr', 'manager', 'employee'],
  'alerts.read': ['admin', 'hr', 'manager'],
  /** acknowledge and resolve alerts; managers those of their departments */
  'alerts.manage': ['admin', 'hr', 'manager'],
  'evaluations.read': ['admin', 'hr', 'manager'],
  /** bonus records; managers see their departments, employees their own statement */
  'bonuses.read': ['admin', 'hr', 'manager'],
  'bonuses.export': ['admin', 'hr'],
  'statements.read': ['admin', 'hr', 'manager', 'employee'],
  'reviews.decide': ['admin', 'hr', 'manager'],
  /** backtests: run, read and cancel; their results are everyone's payouts */
  'backtests.run': ['admin', 'hr'],
  'audit.read': ['admin'],
  'sources.manage': ['admin'],
  /** one's own in-app notifications */
  'notifications.read': ['admin', 'hr', 'manager', 'employee', 'viewer'],
  /** the SMTP server and outbound webhooks notifications go through */
  'notifications.configure': ['admin'],
} as const satisfies Record<string, readonly UserRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHas(role: UserRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly UserRole[]).includes(role);
}
