// The sections of a source's page, chosen by `?tab=` so each is linkable and survives a reload.
import type { SourceKind } from '../api/types.ts';

export const SOURCE_TABS = ['deliveries', 'test', 'mapping', 'users', 'settings'] as const;
export type SourceTab = (typeof SOURCE_TABS)[number];

export const TAB_PARAM = 'tab';

/** The mapping editor is for generic sources only: a CRM kind's shape is known to its adapter. */
export function tabsFor(kind: SourceKind): SourceTab[] {
  return SOURCE_TABS.filter((tab) => tab !== 'mapping' || kind === 'generic');
}

/** The tab in the URL, or the delivery log when it names none this kind has. */
export function parseTab(value: string | null, kind: SourceKind): SourceTab {
  return (tabsFor(kind) as string[]).includes(value ?? '') ? (value as SourceTab) : 'deliveries';
}
