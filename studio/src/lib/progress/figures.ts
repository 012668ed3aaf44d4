// How progress figures read: numbers out of the engine's figures (money arrives as decimal strings),
// a status's tone and ordering, a progress bar's geometry with its pace marker, and a figure
// formatted per its unit and the locale.
import { formatMoney } from '../i18n/format.ts';
import type { Locale } from '../i18n/messages.ts';

export type Figure = number | string | null;
export type { ProgressStatus } from '@yardstick/engine/progress-status';

import type { ProgressStatus } from '@yardstick/engine/progress-status';
export type Unit = 'count' | 'money' | 'percent' | 'duration';

export const STATUSES: readonly ProgressStatus[] = ['off_track', 'at_risk', 'on_track'];

/** A figure as a number for arithmetic and drawing (never for showing money). */
export function toNumber(figure: Figure): number | null {
  if (figure === null) return null;
  const value = typeof figure === 'number' ? figure : Number(figure);
  return Number.isFinite(value) ? value : null;
}

/** The colour family a status is drawn in; the word and the icon always go with it. */
export function statusTone(status: ProgressStatus | null): 'good' | 'warning' | 'critical' | 'neutral' {
  switch (status) {
    case 'on_track':
      return 'good';
    case 'at_risk':
      return 'warning';
    case 'off_track':
      return 'critical';
    default:
      return 'neutral';
  }
}

/** Worst first: off track, at risk, on track, then no status (no plan). */
export function statusRank(status: ProgressStatus | null): number {
  return status === null ? STATUSES.length : STATUSES.indexOf(status);
}

export function needsAttention(status: ProgressStatus | null): boolean {
  return status === 'at_risk' || status === 'off_track';
}

export interface BarGeometry {
  /** width of the filled part, 0–100 (% of the track) */
  fill: number;
  /** where the pace marker sits, 0–100 */
  pace: number;
  /** where the plan (100% attainment) sits, 0–100 */
  plan: number;
  /** the forecast's position, 0–100, when there is one */
  forecast: number | null;
}

/**
 * A bar whose track is the plan, stretched when the attainment or the forecast goes past it (up to
 * 150%), so overachievement shows without the bar running off.
 */
export function barGeometry(attainment: number | null, pace: number, forecastShare: number | null): BarGeometry {
  const reach = Math.min(1.5, Math.max(1, attainment ?? 0, forecastShare ?? 0));
  const at = (share: number) => Math.round((Math.min(Math.max(share, 0), reach) / reach) * 1000) / 10;
  return {
    fill: at(attainment ?? 0),
    pace: at(pace),
    plan: at(1),
    forecast: forecastShare === null ? null : at(forecastShare),
  };
}

/** The forecast as a share of the plan, or null without one of them. */
export function forecastShare(forecast: Figure, plan: Figure): number | null {
  const f = toNumber(forecast);
  const p = toNumber(plan);
  return f === null || p === null || p === 0 ? null : f / p;
}

const percentFormats = new Map<string, Intl.NumberFormat>();

/** 0.736 → "73.6%" / "73,6 %"; at most one decimal. */
export function formatPercent(locale: Locale, share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '—';
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    percentFormats.set(locale, format);
  }
  return format.format(share);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function formatNumber(locale: Locale, value: number, digits: number): string {
  const key = `${locale}:${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/**
 * A figure in its unit: money with the currency (whole units, the kopecks of a sales total say
 * nothing), a percent metric as a percent, a count as a number.
 */
export function formatFigure(locale: Locale, unit: Unit, figure: Figure, currency: string): string {
  if (figure === null) return '—';
  const value = toNumber(figure);
  if (value === null) return String(figure);
  switch (unit) {
    case 'money':
      return formatWholeMoney(locale, value, currency);
    case 'percent':
      return formatPercent(locale, value);
    case 'duration':
      return formatNumber(locale, value, 1);
    default:
      // a count's forecast is a run rate: one decimal says enough
      return formatNumber(locale, value, 1);
  }
}

const moneyFormats = new Map<string, Intl.NumberFormat | null>();

/** Money in whole units of its currency: 1 840 000 ₽. */
export function formatWholeMoney(locale: Locale, value: number, currency: string): string {
  const key = `${locale}:${currency}`;
  if (!moneyFormats.has(key)) {
    try {
      moneyFormats.set(
        key,
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          currencyDisplay: 'narrowSymbol',
          maximumFractionDigits: 0,
          minimumFractionDigits: 0,
        }),
      );
    } catch {
      moneyFormats.set(key, null);
    }
  }
  const format = moneyFormats.get(key);
  return format ? format.format(value) : `${formatNumber(locale, value, 0)} ${currency}`;
}

/** A money figure exactly as the engine gave it (statements: every kopeck counts). */
export function formatExactMoney(locale: Locale, amount: string, currency: string): string {
  return formatMoney(locale, amount, currency);
}
