import { describe, expect, it } from 'vitest';
import { sectionsFor } from './sections.ts';

const labels = (role: 'admin' | 'hr' | 'manager' | 'employee' | 'viewer', employeeId: string | null = null) =>
  sectionsFor({ role, employeeId }).flatMap((group) => group.sections.map((section) => section.label));

describe('sectionsFor', () => {
  it('shows an admin every section but their own card when they are nobody', () => {
    expect(labels('admin')).toEqual([
      'nav.dashboard',
      'nav.leaderboard',
      'nav.schemes',
      'nav.metrics',
      'nav.plans',
      'nav.rules',
      'nav.alerts',
      'nav.reviews',
      'nav.ledger',
      'nav.sources',
      'nav.settings',
    ]);
  });

  it('shows an employee their own card and what the engine lets them read, nothing of the admin group', () => {
    expect(labels('employee', 'e1')).toEqual([
      'nav.dashboard',
      'nav.leaderboard',
      'nav.me',
      'nav.metrics',
      'nav.rules',
    ]);
  });

  it('lets a manager decide reviews and read the ledger, not manage sources', () => {
    const manager = labels('manager', 'e2');
    expect(manager).toContain('nav.reviews');
    expect(manager).toContain('nav.ledger');
    expect(manager).not.toContain('nav.sources');
    expect(manager).not.toContain('nav.settings');
  });
});
