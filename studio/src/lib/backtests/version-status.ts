// A scheme version's status in the current language.
import { t } from '../i18n/i18n.svelte.ts';

const VERSION_STATUSES = ['draft', 'pilot', 'active', 'archived'] as const;

/** A version's status in words; one the studio does not know is shown as the engine wrote it. */
export function versionStatusLabel(status: string): string {
  const known = VERSION_STATUSES.find((s) => s === status);
  return known ? t(`backtests.versionStatus.${known}`) : status;
}
