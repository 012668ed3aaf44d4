import { describe, expect, it } from 'vitest';
import type { SchemeVersionSummary } from '../api/backtests.ts';
import { anyUnderWay, isRunRefusal, runningVersions } from './runs.ts';

const version = (n: number, status: SchemeVersionSummary['status']) =>
  ({ version: n, status }) as unknown as SchemeVersionSummary;

describe('a scheme’s runs', () => {
  it('are of its active version first, then its pilots, newest first; drafts and archived ones do not run', () => {
    const running = runningVersions([
      version(1, 'archived'),
      version(2, 'pilot'),
      version(3, 'active'),
      version(4, 'draft'),
      version(5, 'pilot'),
    ]);
    expect(running.map((v) => v.version)).toEqual([3, 5, 2]);
  });

  it('keep the list refreshing while a close has not locked', () => {
    const period = (status: 'closing' | 'reviewing' | 'locked') =>
      ({ status }) as Parameters<typeof anyUnderWay>[0][number];
    expect(anyUnderWay([period('locked'), period('reviewing')])).toBe(true);
    expect(anyUnderWay([period('locked')])).toBe(false);
  });

  it('explain the refusals a run meets', () => {
    expect(isRunRefusal('period.locked')).toBe(true);
    expect(isRunRefusal('period.close_started')).toBe(true);
    expect(isRunRefusal('validation.failed')).toBe(false);
  });
});
