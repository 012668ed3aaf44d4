import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDecimal, formatMoney, formatPeriod } from './format.ts';

// Intl output uses narrow no-break spaces in places; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('formats a decimal string with its currency for each locale', () => {
    expect(plain(formatMoney('en', '300000.00', 'RUB'))).toBe('₽300,000.00');
    expect(plain(formatMoney('ru', '300000.00', 'RUB'))).toBe('300 000,00 ₽');
  });

  it('keeps every digit of amounts beyond float precision', () => {
    expect(plain(formatMoney('en', '12345678901234567.89', 'USD'))).toBe('$12,345,678,901,234,567.89');
  });

  it('formats an amount without a currency as a plain number', () => {
    expect(plain(formatMoney('ru', '1500.5', null))).toBe('1 500,5');
  });

  it('shows an unknown currency code beside the number instead of failing', () => {
    expect(plain(formatMoney('en', '10', 'NOT-A-CODE'))).toBe('10 NOT-A-CODE');
  });
});

describe('formatDecimal', () => {
  it('keeps the fraction digits a decimal string was written with', () => {
    expect(plain(formatDecimal('en', '62100.00'))).toBe('62,100.00');
    expect(plain(formatDecimal('ru', '62100.00'))).toBe('62 100,00');
    expect(plain(formatDecimal('en', '1500'))).toBe('1,500');
    expect(plain(formatDecimal('en', '-0.125'))).toBe('-0.125');
  });
});

describe('formatPeriod', () => {
  it('names months, quarters and halves in the locale', () => {
    expect(formatPeriod('en', '2026-10')).toBe('October 2026');
    expect(plain(formatPeriod('ru', '2026-10'))).toBe('октябрь 2026 г.');
    expect(formatPeriod('en', '2026-Q4')).toBe('Q4 2026');
    expect(formatPeriod('ru', '2026-Q4')).toBe('4 кв. 2026');
    expect(formatPeriod('en', '2026-H2')).toBe('H2 2026');
    expect(formatPeriod('ru', '2026-H2')).toBe('2-е полугодие 2026');
  });

  it('shows what it does not recognise as it is', () => {
    expect(formatPeriod('en', '2026')).toBe('2026');
    expect(formatPeriod('en', '2026-13')).toBe('2026-13');
    expect(formatPeriod('en', 'custom-range')).toBe('custom-range');
  });
});

describe('formatDateTime', () => {
  it('returns an unparseable timestamp unchanged', () => {
    expect(formatDateTime('en', 'yesterday')).toBe('yesterday');
  });
});
