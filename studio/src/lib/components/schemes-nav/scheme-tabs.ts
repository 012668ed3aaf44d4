// The sub-pages of a scheme and their addresses: the designer, its periods and runs, its backtests, its pilot.
import { resolve } from '$app/paths';
import type { UserRole } from '../../api/types.ts';
import { roleHas, type StudioPermission } from '../../auth/permissions.ts';

export const SCHEME_TABS = ['designer', 'periods', 'backtests', 'pilot'] as const;
export type SchemeTab = (typeof SCHEME_TABS)[number];

/** The address of a scheme's sub-page (the designer is the scheme's own page). */
export function schemeTabPath(schemeId: string, tab: SchemeTab): string {
  const scheme = `${resolve('/(app)/schemes')}/${encodeURIComponent(schemeId)}`;
  return tab === 'designer' ? scheme : `${scheme}/${tab}`;
}

/** What each tab's page needs: backtests show everyone's payouts, the pilot shows bonuses. */
const TAB_PERMISSION: Readonly<Record<SchemeTab, StudioPermission>> = {
  designer: 'schemes.read',
  periods: 'schemes.read',
  backtests: 'backtests.run',
  pilot: 'bonuses.read',
};

/** The tabs a role may open (all of them when the role is not known, e.g. outside the signed-in pages). */
export function tabsFor(role: UserRole | undefined): SchemeTab[] {
  return SCHEME_TABS.filter((tab) => role === undefined || roleHas(role, TAB_PERMISSION[tab]));
}
