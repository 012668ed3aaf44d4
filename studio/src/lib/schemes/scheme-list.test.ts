import { describe, expect, it } from 'vitest';
import type { Scheme } from '../api/schemes.ts';
import { lastChange, leadingVersion, liveVersions, versionToOpen } from './scheme-list.ts';

const version = (
  v: number,
  status: 'draft' | 'pilot' | 'active' | 'archived',
  createdAt: string,
  publishedAt: string | null = null,
) => ({
  id: `v${v}`,
  schemeId: 's',
  version: v,
  status,
  effectiveFrom: '2026-10-01',
  effectiveTo: null,
  createdAt,
  publishedAt,
  paused: false,
  periodKind: 'month' as const,
  scope: { departments: [], roles: [], employees: [] },
});

const scheme = (versions: ReturnType<typeof version>[]): Scheme => ({
  id: 's',
  name: { en: 'S', ru: 'С' },
  description: null,
  versions,
  createdAt: '2026-09-01T00:00:00.000Z',
  updatedAt: '2026-09-01T00:00:00.000Z',
});

describe('scheme list', () => {
  const s = scheme([
    version(1, 'archived', '2026-09-01T00:00:00.000Z', '2026-09-02T00:00:00.000Z'),
    version(2, 'active', '2026-09-10T00:00:00.000Z', '2026-10-01T08:00:00.000Z'),
    version(3, 'draft', '2026-10-02T00:00:00.000Z'),
    version(4, 'pilot', '2026-10-03T00:00:00.000Z', '2026-10-04T00:00:00.000Z'),
    version(5, 'draft', '2026-10-05T00:00:00.000Z'),
  ]);

  it('orders live versions active, pilot, then drafts newest first', () => {
    expect(liveVersions(s).map((v) => v.version)).toEqual([2, 4, 5, 3]);
    expect(leadingVersion(s)?.version).toBe(2);
    expect(versionToOpen(s)?.version).toBe(5);
  });

  it('describes a scheme of archived versions only by its newest, and knows when it last changed', () => {
    const old = scheme([
      version(1, 'archived', '2026-09-01T00:00:00.000Z'),
      version(2, 'archived', '2026-09-05T00:00:00.000Z'),
    ]);
    expect(leadingVersion(old)?.version).toBe(2);
    expect(lastChange(s)).toBe('2026-10-05T00:00:00.000Z');
    expect(leadingVersion(scheme([]))).toBeNull();
  });
});
