// Looks a message up for a locale and fills in its placeholders. Pure (no state), so tests and
// non-component code can call it with an explicit locale; components use `t` from i18n.svelte.ts.
import { dictionaries, en, type Locale, type Message, type MessageKey, type PluralMessage } from './messages.ts';

export type MessageParams = Readonly<Record<string, string | number>>;

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

function formatNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

function pick(locale: Locale, message: Message, params: MessageParams | undefined): string {
  if (typeof message === 'string') return message;
  const count = Number(params?.count ?? 0);
  const category = pluralCategory(locale, count);
  return (category in message ? message[category as keyof PluralMessage] : undefined) ?? message.other;
}

/** `{name}` placeholders in a message (sorted, unique): the test compares them across locales. */
export function placeholders(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  const names = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/\{(\w+)\}/g)) names.add(match[1] as string);
  }
  return [...names].sort();
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const message = dictionaries[locale][key] ?? en[key];
  const text = pick(locale, message, params);
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

/** The locale a browser language tag maps to: any Russian variant → ru, everything else → en. */
export function localeFromLanguage(language: string | undefined | null): Locale {
  return language?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}
