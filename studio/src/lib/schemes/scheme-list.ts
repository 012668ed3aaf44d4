// What the scheme list shows of each scheme: its live versions by status, the version that describes it
// (active, else pilot, else the newest), and when it last changed.
import type { Scheme, SchemeVersionSummary } from '../api/schemes.ts';

const RANK: Record<SchemeVersionSummary['status'], number> = { active: 0, pilot: 1, draft: 2, archived: 3 };

/** Versions that are not archived, active first, then pilot, then drafts newest first. */
export function liveVersions(scheme: Scheme): SchemeVersionSummary[] {
  return scheme.versions
    .filter((v) => v.status !== 'archived')
    .sort((a, b) => RANK[a.status] - RANK[b.status] || b.version - a.version);
}

/** The version a list describes the scheme by: active, else pilot, else the newest. */
export function leadingVersion(scheme: Scheme): SchemeVersionSummary | null {
  return liveVersions(scheme)[0] ?? [...scheme.versions].sort((a, b) => b.version - a.version)[0] ?? null;
}

/** The version the designer opens: the newest draft (work in progress), else the leading one. */
export function versionToOpen(scheme: Scheme): SchemeVersionSummary | null {
  const drafts = scheme.versions.filter((v) => v.status === 'draft').sort((a, b) => b.version - a.version);
  return drafts[0] ?? leadingVersion(scheme);
}

/** The latest of the scheme's own change and its versions' creation and publication, ISO. */
export function lastChange(scheme: Scheme): string {
  const times = [scheme.updatedAt, ...scheme.versions.flatMap((v) => [v.createdAt, v.publishedAt ?? ''])];
  return times.filter((t) => t !== '').sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? scheme.updatedAt;
}
