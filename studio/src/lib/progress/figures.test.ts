import { describe, expect, it } from 'vitest';
import {
  barGeometry,
  forecastShare,
  formatFigure,
  formatPercent,
  needsAttention,
  statusRank,
  statusTone,
} from './figures.ts';

const plainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('progress figures', () => {
  it('puts the pace marker where the attainment should be by now, on a track as long as the plan', () => {
    expect(barGeometry(0.4, 0.6, 0.67)).toEqual({ fill: 40, pace: 60, plan: 100, forecast: 67 });
  });

  it('stretches the track past the plan for overachievement, up to 150%, so the plan line moves in', () => {
    const over = barGeometry(1.2, 0.5, 1.25);
    expect(over.plan).toBe(80);
    expect(over.fill).toBe(96);
    expect(over.forecast).toBe(100);
    expect(barGeometry(3, 1, null)).toMatchObject({ fill: 100, plan: 66.7, forecast: null });
    expect(barGeometry(null, 0, null)).toMatchObject({ fill: 0, pace: 0 });
  });

  it('orders statuses worst first and gives each a tone', () => {
    const statuses = ['on_track', null, 'off_track', 'at_risk'] as const;
    expect([...statuses].sort((a, b) => statusRank(a) - statusRank(b))).toEqual([
      'off_track',
      'at_risk',
      'on_track',
      null,
    ]);
    expect(statuses.map(statusTone)).toEqual(['good', 'neutral', 'critical', 'warning']);
    expect(statuses.map(needsAttention)).toEqual([false, false, true, true]);
  });

  it('reads the forecast against the plan, money strings included', () => {
    expect(forecastShare('3000000.00', '2500000.00')).toBe(1.2);
    expect(forecastShare(null, 8)).toBeNull();
    expect(forecastShare(10, 0)).toBeNull();
  });

  it('formats figures by unit and locale', () => {
    expect(formatFigure('en', 'money', '1840000.00', 'RUB')).toBe('₽1,840,000');
    expect(plainSpaces(formatFigure('ru', 'money', '1840000.00', 'RUB'))).toBe('1 840 000 ₽');
    expect(formatFigure('en', 'percent', 0.7361, 'RUB')).toBe('73.6%');
    expect(plainSpaces(formatFigure('ru', 'percent', 0.7361, 'RUB'))).toBe('73,6 %');
    expect(formatFigure('en', 'count', 12.3456, 'RUB')).toBe('12.3');
    expect(formatFigure('en', 'count', null, 'RUB')).toBe('—');
    expect(formatPercent('en', null)).toBe('—');
  });
});
