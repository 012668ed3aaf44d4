import { describe, expect, it } from 'vitest';
import { dayStart, fieldChanges } from './audit-entry.ts';

describe('audit entries', () => {
  it('lists the changed fields of an update, names and thresholds by their parts', () => {
    expect(
      fieldChanges(
        {
          id: 'm1',
          key: 'calls',
          name: { en: 'Calls', ru: 'Звонки' },
          thresholds: { onTrack: 1, atRisk: 0.8 },
          updatedAt: 'a',
        },
        {
          id: 'm1',
          key: 'calls',
          name: { en: 'Calls made', ru: 'Звонки' },
          thresholds: { onTrack: 1, atRisk: 0.7 },
          updatedAt: 'b',
        },
      ),
    ).toEqual([
      { field: 'name.en', before: 'Calls', after: 'Calls made' },
      { field: 'thresholds.atRisk', before: '0.8', after: '0.7' },
    ]);
  });

  it('shows what a creation set and a deletion removed, filters as JSON', () => {
    expect(fieldChanges(null, { timeZone: 'Asia/Yekaterinburg', weekend: [6, 7] })).toEqual([
      { field: 'timeZone', before: null, after: 'Asia/Yekaterinburg' },
      { field: 'weekend', before: null, after: '[6,7]' },
    ]);
    expect(fieldChanges({ target: '8', filter: { '==': [1, 1] } }, null)).toEqual([
      { field: 'target', before: '8', after: null },
      { field: 'filter.==', before: '[1,1]', after: null },
    ]);
  });

  it('turns a day into the instant it starts', () => {
    expect(dayStart('2026-10-03')).toBe(new Date(2026, 9, 3).toISOString());
    expect(dayStart('2026-10-31', 1)).toBe(new Date(2026, 10, 1).toISOString());
    expect(dayStart('')).toBeUndefined();
  });
});
