import { describe, expect, it } from 'vitest';
import { newTimeOrderedId } from './base.ts';

describe('time-ordered ids', () => {
  it('are UUIDs of version 7 that sort by their time', () => {
    const earlier = newTimeOrderedId(Date.UTC(2026, 11, 3, 10, 0, 0));
    const later = newTimeOrderedId(Date.UTC(2026, 11, 3, 10, 0, 0, 1));
    for (const id of [earlier, later]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(earlier < later).toBe(true);
    expect(earlier.slice(0, 13)).toBe('01a23b58-b900');
    expect(newTimeOrderedId()).not.toBe(newTimeOrderedId());
  });
});
