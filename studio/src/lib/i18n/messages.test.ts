import { describe, expect, it } from 'vitest';
import { en, LOCALES, type Message, type MessageKey, ru } from './messages.ts';

const features = import.meta.glob<{ en: Record<string, Message>; ru: Record<string, Message> }>('./messages/*.ts', {
  eager: true,
});

import { localeFromLanguage, placeholders, translate } from './translate.ts';

const keys = Object.keys(en) as MessageKey[];

function texts(message: Message): string[] {
  return typeof message === 'string' ? [message] : Object.values(message);
}

describe('message dictionaries', () => {
  it('take each key from one feature file only (a repeated key would silently win over the other)', () => {
    const owner = new Map<string, string>();
    for (const [file, messages] of Object.entries(features)) {
      for (const key of Object.keys(messages.en ?? {})) {
        expect(owner.get(key), `${key} in ${file}`).toBeUndefined();
        owner.set(key, file);
      }
    }
    expect(owner.size).toBe(Object.keys(en).length);
  });

  it('have exactly the same keys in English and Russian', () => {
    expect(Object.keys(ru).sort()).toEqual([...keys].sort());
  });

  it('have no empty messages', () => {
    for (const dictionary of [en, ru]) {
      for (const [key, message] of Object.entries(dictionary)) {
        for (const text of texts(message)) expect(text.trim(), key).not.toBe('');
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of keys) expect(placeholders(ru[key]), key).toEqual(placeholders(en[key]));
  });

  it('give Russian every plural form where English has plurals', () => {
    for (const key of keys) {
      const message = en[key];
      if (typeof message === 'string') continue;
      expect(Object.keys(ru[key]).sort(), key).toEqual(['few', 'many', 'one', 'other']);
    }
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'header.signedInAs', { email: 'a@b.c' })).toBe('Signed in as a@b.c');
    expect(translate('ru', 'header.signedInAs', { email: 'a@b.c' })).toBe('Вы вошли как a@b.c');
  });

  it('picks the Russian plural form for the count', () => {
    expect(translate('ru', 'alerts.count', { count: 1 })).toBe('1 оповещение');
    expect(translate('ru', 'alerts.count', { count: 3 })).toBe('3 оповещения');
    expect(translate('ru', 'alerts.count', { count: 5 })).toBe('5 оповещений');
    expect(translate('ru', 'alerts.count', { count: 21 })).toBe('21 оповещение');
    expect(translate('en', 'alerts.count', { count: 1 })).toBe('1 alert');
    expect(translate('en', 'alerts.count', { count: 0 })).toBe('0 alerts');
  });

  it('shows the demo credentials in every language', () => {
    for (const locale of LOCALES)
      expect(translate(locale, 'login.demoHint')).toContain('admin@yardstick.demo / demo-admin');
  });
});

describe('localeFromLanguage', () => {
  it('maps any Russian browser language to ru and everything else to en', () => {
    expect(localeFromLanguage('ru')).toBe('ru');
    expect(localeFromLanguage('ru-RU')).toBe('ru');
    expect(localeFromLanguage('RU-ua')).toBe('ru');
    expect(localeFromLanguage('en-US')).toBe('en');
    expect(localeFromLanguage('de')).toBe('en');
    expect(localeFromLanguage(undefined)).toBe('en');
  });
});
