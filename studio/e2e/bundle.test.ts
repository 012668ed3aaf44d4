// The landing route's weight, from the build the browser tests run: SvelteKit's entries, the layouts
// and the dashboard page with their static imports, gzipped. The budget is 250 KB.
import { describe, expect, it } from 'vitest';
import { describeLanding, LANDING_BUDGET_BYTES, routeBundle } from '../scripts/bundle-report.ts';

describe('studio bundle', () => {
  it('keeps the landing route’s initial JavaScript under 250 KB gzipped', () => {
    const bundle = routeBundle();
    expect(bundle.files.length).toBeGreaterThan(3);
    expect(bundle.gzip, describeLanding(bundle)).toBeLessThan(LANDING_BUDGET_BYTES);
  });
});
