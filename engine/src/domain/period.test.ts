import { describe, expect, it } from 'vitest';
import { BUILT_IN_CALENDARS, checkCalendarYear, createCalendarLookup, FIVE_DAY_WEEK } from './calendar.ts';
import { localDateOf, parsePeriod, periodContaining, periodRange, startOfDay } from './period.ts';

describe('periods', () => {
  it('reads every period form the API accepts', () => {
    expect(parsePeriod('2026-10')).toEqual({ kind: 'month', key: '2026-10', start: '2026-10-01', end: '2026-10-31' });
    expect(parsePeriod('2026-Q4')).toMatchObject({ start: '2026-10-01', end: '2026-12-31' });
    expect(parsePeriod('2026-H1')).toMatchObject({ start: '2026-01-01', end: '2026-06-30' });
    expect(parsePeriod('2028-02')).toMatchObject({ end: '2028-02-29' });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', end: '2026-12-31' });
    expect(parsePeriod('2026-10-01..2026-10-15')).toMatchObject({ kind: 'custom', end: '2026-10-15' });
    expect(periodContaining('quarter', '2026-11-23').key).toBe('2026-Q4');
  });

  it('refuses malformed periods with a message that shows the accepted forms', () => {
    for (const bad of ['2026-13', '2026-Q5', '26-10', '2026-02-30..2026-03-01', '2026-10-15..2026-10-01']) {
      expect(() => parsePeriod(bad)).toThrow(/write 2026-10/);
    }
  });

  it('bounds a month by the organization’s midnight, not UTC’s', () => {
    const { from, to } = periodRange(parsePeriod('2026-11'), 'Europe/Moscow');
    expect(from.toISOString()).toBe('2026-10-31T21:00:00.000Z');
    expect(to.toISOString()).toBe('2026-11-30T21:00:00.000Z');
    expect(localDateOf(new Date('2026-10-31T22:30:00Z'), 'Europe/Moscow')).toBe('2026-11-01');
  });

  it('finds midnight across a daylight-saving change', () => {
    // Berlin moves to summer time on 29 March 2026 at 02:00
    expect(startOfDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});

describe('working-day calendar', () => {
  const ru = BUILT_IN_CALENDARS.find((c) => c.country === 'RU' && c.year === 2026);
  const lookup = createCalendarLookup({ weekend: [6, 7], holidays: ru?.holidays ?? [], workdays: ru?.workdays ?? [] });

  it('ships the Russian production calendar for 2026, consistent with its 247 working days', () => {
    expect(ru).toBeDefined();
    expect(checkCalendarYear(ru as NonNullable<typeof ru>)).toBeNull();
    expect(lookup.countWorkingDays('2026-01-01', '2026-01-31')).toBe(15);
    expect(lookup.isWorkingDay('2026-05-11')).toBe(false);
    expect(lookup.isWorkingDay('2026-12-31')).toBe(false);
  });

  it('measures pace by working days elapsed, not calendar days', () => {
    // November 2026: 20 working days (4 November is a holiday)
    const nov = parsePeriod('2026-11');
    expect(lookup.progressOf(nov, '2026-11-23')).toEqual({ total: 20, elapsed: 15, left: 5, elapsedShare: 0.75 });
    expect(lookup.progressOf(nov, '2026-10-15')).toMatchObject({ elapsed: 0, elapsedShare: 0 });
    expect(lookup.progressOf(nov, '2027-01-01')).toMatchObject({ elapsed: 20, elapsedShare: 1 });
    expect(createCalendarLookup(FIVE_DAY_WEEK).countWorkingDays('2026-11-01', '2026-11-30')).toBe(21);
  });
});
