// Changes to schemes: each calls the API, refreshes what shows the scheme, and confirms in the corner.
// Failures are the caller's to show next to the designer (422 details point into the definition).
import { invalidate } from '$app/navigation';
import {
  archiveVersion,
  createScheme,
  createVersion,
  type LocalizedName,
  type PreviewData,
  previewData,
  publishVersion,
  type SchemeVersion,
  setVersionPaused,
} from '../api/schemes.ts';
import { localized, t } from '../i18n/i18n.svelte.ts';
import { notifications } from '../notifications/notifications.svelte.ts';
import type { SchemeDefinition } from '../schemes/definition.ts';

export const SCHEMES_DEPENDENCY = 'app:schemes';

/** A scheme with its first draft version. */
export async function addScheme(
  name: LocalizedName,
  description: LocalizedName | undefined,
  definition: SchemeDefinition,
  effectiveFrom: string,
): Promise<{ schemeId: string; version: SchemeVersion }> {
  const scheme = await createScheme({ name, ...(description ? { description } : {}) });
  const version = await createVersion(scheme.id, { effectiveFrom, definition });
  notifications.show('success', t('schemes.created', { name: localized(name) }));
  await invalidate(SCHEMES_DEPENDENCY);
  return { schemeId: scheme.id, version };
}

/** Versions are immutable: saving an edit adds a new draft. */
export async function saveDraft(
  schemeId: string,
  definition: SchemeDefinition,
  effectiveFrom: string,
  effectiveTo: string | null,
): Promise<SchemeVersion> {
  const version = await createVersion(schemeId, { effectiveFrom, effectiveTo, definition });
  notifications.show('success', t('schemes.saved', { version: version.version }));
  await invalidate(SCHEMES_DEPENDENCY);
  return version;
}

export async function publish(schemeId: string, v: number, status: 'pilot' | 'active') {
  const result = await publishVersion(schemeId, v, status);
  notifications.show(
    'success',
    status === 'active' ? t('schemes.published.active', { version: v }) : t('schemes.published.pilot', { version: v }),
  );
  await invalidate(SCHEMES_DEPENDENCY);
  return result;
}

export async function archive(schemeId: string, v: number): Promise<SchemeVersion> {
  const version = await archiveVersion(schemeId, v);
  notifications.show('success', t('schemes.archived', { version: v }));
  await invalidate(SCHEMES_DEPENDENCY);
  return version;
}

export async function setPaused(schemeId: string, v: number, paused: boolean): Promise<void> {
  await setVersionPaused(schemeId, v, paused);
  notifications.show('success', t(paused ? 'schemes.pausedNotice' : 'schemes.resumedNotice', { version: v }));
  await invalidate(SCHEMES_DEPENDENCY);
}

/** The live preview's inputs for a definition being edited: the employees of its scope and the metrics it reads. */
export function loadPreviewInputs(
  schemeId: string,
  request: { scope: SchemeDefinition['scope']; periodKind: SchemeDefinition['periodKind']; metrics: string[] },
  period: string | undefined,
  signal?: AbortSignal,
): Promise<PreviewData> {
  return previewData(schemeId, { ...request, ...(period ? { period } : {}) }, signal ? { signal } : {});
}
