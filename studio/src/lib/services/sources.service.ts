// Changes to CRM sources: each calls the API, refreshes what shows the source, and confirms in the
// corner. Failures are the caller's to show next to the form (they carry per-field problems).
import { invalidate } from '$app/navigation';
import {
  createSource,
  mapUser,
  reconcileSource,
  replayEnrichment,
  rotateSourceSecret,
  unmapUser,
  updateSource,
} from '../api/sources.ts';
import type {
  CreateSourceRequest,
  Enrichment,
  ReconcileResult,
  Source,
  SourceWithSecret,
  UpdateSourceRequest,
  UserMappingResult,
} from '../api/types.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { notifications } from '../notifications/notifications.svelte.ts';
import { SOURCES_DEPENDENCY } from '../sources/source-kinds.ts';

/** Registers a source; the answer carries its secret, shown this once. */
export async function addSource(request: CreateSourceRequest): Promise<SourceWithSecret> {
  const source = await createSource(request);
  await invalidate(SOURCES_DEPENDENCY);
  return source;
}

export async function saveSource(id: string, patch: UpdateSourceRequest, confirmation: string): Promise<Source> {
  const source = await updateSource(id, patch);
  notifications.show('success', confirmation);
  await invalidate(SOURCES_DEPENDENCY);
  return source;
}

/** The new secret is in the answer, shown once; the page keeps it until the user leaves. */
export async function rotateSecret(id: string, secret?: string): Promise<SourceWithSecret> {
  const source = await rotateSourceSecret(id, secret);
  await invalidate(SOURCES_DEPENDENCY);
  return source;
}

export async function replay(sourceId: string, enrichment: Enrichment): Promise<Enrichment> {
  const row = await replayEnrichment(sourceId, enrichment.id);
  notifications.show('success', t('deliveries.replayed', { object: enrichment.object, id: enrichment.objectId }));
  return row;
}

export async function mapCrmUser(
  sourceId: string,
  externalUserId: string,
  employee: { id: string; name: string },
): Promise<UserMappingResult> {
  const result = await mapUser(sourceId, externalUserId, employee.id);
  notifications.show(
    'success',
    t('users.mapped', { user: externalUserId, employee: employee.name, count: result.reattributed }),
  );
  await invalidate(SOURCES_DEPENDENCY);
  return result;
}

export async function unmapCrmUser(sourceId: string, externalUserId: string, employeeName: string): Promise<void> {
  await unmapUser(sourceId, externalUserId);
  notifications.show('success', t('users.unmapped', { user: externalUserId, employee: employeeName }));
  await invalidate(SOURCES_DEPENDENCY);
}

export async function pollNow(sourceId: string): Promise<ReconcileResult> {
  const result = await reconcileSource(sourceId);
  const { deals, events, overdueTasks } = result;
  notifications.show('success', t('source.polled', { deals, events, overdueTasks }));
  for (const error of result.errors ?? []) {
    notifications.show('error', t('sources.reconciliation.failed', { list: error.list, message: error.message }));
  }
  await invalidate(SOURCES_DEPENDENCY);
  return result;
}
