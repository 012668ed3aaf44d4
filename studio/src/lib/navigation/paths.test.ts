import { describe, expect, it } from 'vitest';
import { HOME_PATH, loginUrl, safeNextPath } from './paths.ts';

describe('safeNextPath', () => {
  it('returns to a page inside the studio', () => {
    expect(safeNextPath('/alerts?status=open')).toBe('/alerts?status=open');
  });

  it('refuses to leave the studio or loop back to the login page', () => {
    for (const next of [
      null,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/login',
      '/login?next=/x',
    ]) {
      expect(safeNextPath(next), String(next)).toBe(HOME_PATH);
    }
  });
});

describe('loginUrl', () => {
  it('remembers where the user was', () => {
    expect(loginUrl({ pathname: '/alerts', search: '?status=open' })).toBe('/login?next=%2Falerts%3Fstatus%3Dopen');
    expect(loginUrl({ pathname: '/login', search: '' })).toBe('/login');
  });
});
