import { describe, expect, it } from 'vitest';
import { hrefWithParam } from './url-param.ts';

describe('hrefWithParam', () => {
  const url = new URL('https://studio.test/sources/shop?tab=deliveries&status=accepted');

  it('sets the parameter and keeps the others', () => {
    expect(hrefWithParam(url, 'status', 'rejected')).toBe('/sources/shop?tab=deliveries&status=rejected');
  });

  it('drops the parameter for no value, and the query when nothing is left', () => {
    expect(hrefWithParam(url, 'status', undefined)).toBe('/sources/shop?tab=deliveries');
    expect(hrefWithParam(new URL('https://studio.test/alerts?status=open'), 'status', undefined)).toBe('/alerts');
  });
});
