// The studio's current language and the helpers components use to show text in it. The choice
// is remembered in localStorage; the first visit follows the browser (Russian → ru, else en).
import type { LocalizedText } from '../api/types.ts';
import * as format from './format.ts';
import { LOCALES, type Locale, type MessageKey } from './messages.ts';
import { localeFromLanguage, type MessageParams, translate } from './translate.ts';

const STORAGE_KEY = 'yardstick.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function initialLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be blocked (privacy settings); fall back to the browser language.
  }
  return localeFromLanguage(globalThis.navigator?.language);
}

class LocaleState {
  current = $state<Locale>(initialLocale());

  set(locale: Locale): void {
    this.current = locale;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // Not remembered across visits, but the switch still applies now.
    }
  }
}

export const locale = new LocaleState();

export function t(key: MessageKey, params?: MessageParams): string {
  return translate(locale.current, key, params);
}

/** Picks the current language from text the engine stores in both. */
export function localized(text: LocalizedText): string {
  return text[locale.current] || text.en;
}

export const fmt = {
  money: (amount: string, currency: string | null) => format.formatMoney(locale.current, amount, currency),
  decimal: (amount: string) => format.formatDecimal(locale.current, amount),
  dateTime: (iso: string) => format.formatDateTime(locale.current, iso),
  time: (iso: string) => format.formatTime(locale.current, iso),
  period: (period: string) => format.formatPeriod(locale.current, period),
};

export type { Locale, MessageKey };
export { LOCALES };
