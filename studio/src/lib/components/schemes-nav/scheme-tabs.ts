// The sub-pages of a scheme and their addresses: the designer, its periods and runs, its backtests, its pilot.
import { resolve } from '$app/paths';

export const SCHEME_TABS = ['designer', 'periods', 'backtests', 'pilot'] as const;
export type SchemeTab = (typeof SCHEME_TABS)[number];

/** The address of a scheme's sub-page (the designer is the scheme's own page). */
export function schemeTabPath(schemeId: string, tab: SchemeTab): string {
  const scheme = `${resolve('/(app)/schemes')}/${encodeURIComponent(schemeId)}`;
  return tab === 'designer' ? scheme : `${scheme}/${tab}`;
}
