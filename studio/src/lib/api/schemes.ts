// Motivation schemes and their immutable versions: list, create, add a draft, publish, archive, and the
// inputs of the designer's live preview; with the metric catalog and departments the designer picks from.
import type { SchemeDefinition } from '@yardstick/workflows/evaluation';
import { api, type CallOptions, call, init, type Schema } from './client.ts';

/** The document's nullable description comes out of the generator as an impossible intersection; it is this. */
export type Scheme = Omit<Schema<'Scheme'>, 'description'> & { description: Schema<'LocalizedText'> | null };
export type SchemeVersion = Schema<'SchemeVersion'>;
export type SchemeVersionSummary = Scheme['versions'][number];
export type VersionStatus = SchemeVersion['status'];
/** A definition as the engine answers it (defaults filled in). */
export type SchemeDefinitionData = Schema<'SchemeDefinition'>;
export type PreviewData = Schema<'SchemePreviewData'>;
export type PreviewParticipant = PreviewData['participants'][number];
export type MetricInfo = Schema<'Metric'>;
export type DepartmentInfo = Schema<'Department'>;
export type LocalizedName = Schema<'LocalizedText'>;

type NewVersion = { effectiveFrom: string; effectiveTo?: string | null; definition: SchemeDefinition };
type PreviewRequest = {
  scope: { departments: string[]; roles: string[]; employees: string[] };
  periodKind: SchemeVersion['definition']['periodKind'];
  metrics: string[];
  period?: string;
};

const scheme = (id: string) => ({ path: { id } });
const version = (id: string, v: number) => ({ path: { id, v } });

export async function listSchemes(options: CallOptions = {}): Promise<Scheme[]> {
  const { items } = await call(api.GET('/api/schemes', init(options)));
  return items as Scheme[];
}

export function getScheme(id: string, options: CallOptions = {}): Promise<Scheme> {
  return call(api.GET('/api/schemes/{id}', { params: scheme(id), ...init(options) })) as Promise<Scheme>;
}

export function createScheme(
  body: { name: LocalizedName; description?: LocalizedName },
  options: CallOptions = {},
): Promise<Scheme> {
  return call(api.POST('/api/schemes', { body, ...init(options) })) as Promise<Scheme>;
}

export function getVersion(id: string, v: number, options: CallOptions = {}): Promise<SchemeVersion> {
  return call(api.GET('/api/schemes/{id}/versions/{v}', { params: version(id, v), ...init(options) }));
}

/** Adds an immutable draft: every change to a scheme is a new version. 422 details point into the body. */
export function createVersion(id: string, body: NewVersion, options: CallOptions = {}): Promise<SchemeVersion> {
  return call(
    api.POST('/api/schemes/{id}/versions', {
      params: scheme(id),
      // the engine fills the definition's defaults; the studio's SchemeDefinition leaves them optional
      body: body as { effectiveFrom: string; definition: SchemeDefinitionData },
      ...init(options),
    }),
  );
}

/** Validates the rules and runs the golden cases first: a 422 lists each problem at its JSON pointer. */
export function publishVersion(id: string, v: number, status: 'pilot' | 'active', options: CallOptions = {}) {
  return call(
    api.POST('/api/schemes/{id}/versions/{v}/publish', { params: version(id, v), body: { status }, ...init(options) }),
  );
}

export function archiveVersion(id: string, v: number, options: CallOptions = {}): Promise<SchemeVersion> {
  return call(api.POST('/api/schemes/{id}/versions/{v}/archive', { params: version(id, v), ...init(options) }));
}

/** Stops (or restarts) the version's scheduled progress and close runs; it stays published. */
export function setVersionPaused(id: string, v: number, paused: boolean, options: CallOptions = {}) {
  const params = version(id, v);
  return call(
    paused
      ? api.POST('/api/schemes/{id}/versions/{v}/pause', { params, ...init(options) })
      : api.POST('/api/schemes/{id}/versions/{v}/resume', { params, ...init(options) }),
  );
}

/** Per employee of the scope: the rule context for the period and what the active version pays them. */
export function previewData(id: string, body: PreviewRequest, options: CallOptions = {}): Promise<PreviewData> {
  return call(api.POST('/api/schemes/{id}/preview-data', { params: scheme(id), body, ...init(options) }));
}

export async function listMetricCatalog(options: CallOptions = {}): Promise<MetricInfo[]> {
  const { items } = await call(api.GET('/api/metrics', init(options)));
  return items;
}

export async function listDepartments(options: CallOptions = {}): Promise<DepartmentInfo[]> {
  const { items } = await call(api.GET('/api/departments', init(options)));
  return items;
}
