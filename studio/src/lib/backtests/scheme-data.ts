// What every scheme sub-page of this area loads besides its own data: the scheme, its versions' period kinds
// and today's date in the organization's time zone (which periods have ended).

import { getOrganization, getScheme, getSchemeVersion, type Scheme, type SchemeVersion } from '../api/backtests.ts';
import type { CallOptions } from '../api/client.ts';
import { type Loaded, settle } from '../sources/loaded.ts';
import { todayIn } from './periods.ts';

export interface VersionInfo {
  version: number;
  status: SchemeVersion['status'];
  periodKind: SchemeVersion['definition']['periodKind'];
  paused: boolean;
  departments: string[];
}

export interface SchemeData {
  scheme: Loaded<Scheme>;
  /** newest first */
  versions: VersionInfo[];
  today: string;
}

export async function loadSchemeData(schemeId: string, options: CallOptions): Promise<SchemeData> {
  const [scheme, organization] = await Promise.all([
    settle(getScheme(schemeId, options)),
    settle(getOrganization(options)),
  ]);
  // without the organization's settings, the browser's zone is the best guess of "today"
  const timeZone = organization.ok ? organization.value.timeZone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  const today = todayIn(timeZone);
  if (!scheme.ok) return { scheme, versions: [], today };
  const definitions = await Promise.all(
    scheme.value.versions.map((v) => settle(getSchemeVersion(schemeId, v.version, options))),
  );
  const versions = definitions
    .flatMap((d) => (d.ok ? [d.value] : []))
    .map((v) => ({
      version: v.version,
      status: v.status,
      periodKind: v.definition.periodKind,
      paused: v.paused,
      departments: v.definition.scope.departments ?? [],
    }))
    .sort((a, b) => b.version - a.version);
  return { scheme, versions, today };
}

/** The version a backtest starts from: the newest draft, else the newest version. */
export function defaultBacktestVersion(versions: readonly VersionInfo[]): VersionInfo | undefined {
  return versions.find((v) => v.status === 'draft') ?? versions[0];
}
