// Changes to plans: the grid's edits (upserts in one all-or-nothing bulk call, then the cleared cells)
// and a CSV import; each refreshes the grid and confirms in the corner.
import { invalidate } from '$app/navigation';
import { type BulkResult, bulkPlans, deletePlan } from '../api/plans.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { notifications } from '../notifications/notifications.svelte.ts';
import type { PendingChanges } from '../plans/plan-grid.ts';
import { PLANS_DEPENDENCY } from '../plans/plan-labels.ts';

const NONE: BulkResult = { created: 0, updated: 0, unchanged: 0, items: [] };

export async function savePlanChanges(period: string, changes: PendingChanges): Promise<void> {
  const result = changes.upserts.length > 0 ? await bulkPlans({ period, items: changes.upserts }) : NONE;
  for (const deletion of changes.deletions) await deletePlan(deletion.planId);
  notifications.show(
    'success',
    t('plans.saved', {
      period,
      created: result.created,
      updated: result.updated,
      deleted: changes.deletions.length,
    }),
  );
  await invalidate(PLANS_DEPENDENCY);
}

export async function importPlans(period: string, items: PendingChanges['upserts']): Promise<BulkResult> {
  const result = await bulkPlans({ period, items });
  notifications.show(
    'success',
    t('plans.import.applied', { period, created: result.created, updated: result.updated }),
  );
  await invalidate(PLANS_DEPENDENCY);
  return result;
}
