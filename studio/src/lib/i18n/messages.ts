// Every string the studio shows, in English and Russian, one file per feature in messages/. Each
// file's `en` defines its keys and its `ru` must have exactly the same ones (the types and
// messages.test.ts both enforce it). Placeholders are `{name}`; a message that depends on a count
// lists its plural forms (Intl.PluralRules categories). Keys start with the feature's prefix.

import * as backtests from './messages/backtests.ts';
import * as core from './messages/core.ts';
import * as dashboard from './messages/dashboard.ts';
import * as employee from './messages/employee.ts';
import * as leaderboard from './messages/leaderboard.ts';
import * as ledger from './messages/ledger.ts';
import * as metrics from './messages/metrics.ts';
import * as notifications from './messages/notifications.ts';
import * as pilot from './messages/pilot.ts';
import * as plans from './messages/plans.ts';
import * as reviews from './messages/reviews.ts';
import * as ruleBuilder from './messages/rule-builder.ts';
import * as schemes from './messages/schemes.ts';
import * as settings from './messages/settings.ts';
import type { Message } from './messages/types.ts';

export type { Message, PluralMessage } from './messages/types.ts';

export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

export const en = {
  ...core.en,
  ...dashboard.en,
  ...leaderboard.en,
  ...employee.en,
  ...schemes.en,
  ...ruleBuilder.en,
  ...backtests.en,
  ...pilot.en,
  ...metrics.en,
  ...plans.en,
  ...reviews.en,
  ...ledger.en,
  ...settings.en,
  ...notifications.en,
};

export type MessageKey = keyof typeof en;
export type Dictionary = { readonly [K in MessageKey]: Message };

export const ru: Dictionary = {
  ...core.ru,
  ...dashboard.ru,
  ...leaderboard.ru,
  ...employee.ru,
  ...schemes.ru,
  ...ruleBuilder.ru,
  ...backtests.ru,
  ...pilot.ru,
  ...metrics.ru,
  ...plans.ru,
  ...reviews.ru,
  ...ledger.ru,
  ...settings.ru,
  ...notifications.ru,
};

export const dictionaries: { readonly [L in Locale]: Dictionary } = { en, ru };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
