// The studio's sections as the navigation lists them, in groups, each with the permission a role
// needs to see it (the engine's table; see auth/permissions.ts).
import type { RouteId } from '$app/types';
import type { User } from '../api/types.ts';
import { roleHas, type StudioPermission } from '../auth/permissions.ts';
import type { MessageKey } from '../i18n/messages.ts';

export interface Section {
  /** the route id under (app), e.g. `/(app)/schemes` */
  route: RouteId;
  label: MessageKey;
  permission?: StudioPermission;
  /** shown only to a login that is an employee */
  needsEmployee?: boolean;
}

export interface SectionGroup {
  label: MessageKey;
  sections: Section[];
}

export const SECTION_GROUPS: SectionGroup[] = [
  {
    label: 'nav.group.overview',
    sections: [
      { route: '/(app)/dashboard', label: 'nav.dashboard', permission: 'progress.read' },
      { route: '/(app)/leaderboard', label: 'nav.leaderboard', permission: 'progress.read' },
      { route: '/(app)/me', label: 'nav.me', needsEmployee: true },
    ],
  },
  {
    label: 'nav.group.design',
    sections: [
      { route: '/(app)/schemes', label: 'nav.schemes', permission: 'schemes.read' },
      { route: '/(app)/metrics', label: 'nav.metrics', permission: 'metrics.read' },
      { route: '/(app)/plans', label: 'nav.plans', permission: 'plans.read' },
      { route: '/(app)/rules', label: 'nav.rules' },
    ],
  },
  {
    label: 'nav.group.operate',
    sections: [
      { route: '/(app)/alerts', label: 'nav.alerts', permission: 'alerts.read' },
      { route: '/(app)/reviews', label: 'nav.reviews', permission: 'reviews.decide' },
      { route: '/(app)/ledger', label: 'nav.ledger', permission: 'bonuses.read' },
    ],
  },
  {
    label: 'nav.group.admin',
    sections: [
      { route: '/(app)/sources', label: 'nav.sources', permission: 'sources.manage' },
      { route: '/(app)/settings', label: 'nav.settings', permission: 'users.manage' },
    ],
  },
];

/** The groups as `user` sees them: sections their role may not use are left out, then empty groups. */
export function sectionsFor(user: Pick<User, 'role' | 'employeeId'>): SectionGroup[] {
  return SECTION_GROUPS.map((group) => ({
    ...group,
    sections: group.sections.filter(
      (section) =>
        (!section.permission || roleHas(user.role, section.permission)) && (!section.needsEmployee || user.employeeId),
    ),
  })).filter((group) => group.sections.length > 0);
}
