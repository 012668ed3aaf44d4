import { describe, expect, it } from 'vitest';
import { SOURCE_KINDS } from '../api/types.ts';
import { pasteHint, SETTING_FIELDS, settingsFromForm, settingsToForm } from './source-kinds.ts';

describe('settings form', () => {
  it('round-trips each kind’s settings through the form, lists as comma-separated text', () => {
    const hubspot = {
      accessToken: 'pat-eu1-123',
      portalId: '4711',
      stages: { won: ['closedwon', 'custom-won'], lost: [] as string[] },
      maxAgeSeconds: 300,
    };
    const form = settingsToForm('hubspot', hubspot);
    expect(form['stages.won']).toBe('closedwon, custom-won');
    expect(form.maxAgeSeconds).toBe('300');
    const back = settingsFromForm('hubspot', form, hubspot);
    // an empty list is left out: the engine's default (none) applies
    expect(back).toEqual({ ok: true, settings: { ...hubspot, stages: { won: ['closedwon', 'custom-won'] } } });
  });

  it('keeps settings the form does not show (a generic mapping, per-pipeline stages)', () => {
    const previous = {
      webhookUrl: 'https://a.bitrix24.ru/rest/1/x/',
      reconciliation: { enabled: true },
    };
    const result = settingsFromForm(
      'bitrix24',
      { webhookUrl: 'https://b.bitrix24.ru/rest/1/y/', memberId: '' },
      previous,
    );
    expect(result).toEqual({
      ok: true,
      settings: { webhookUrl: 'https://b.bitrix24.ru/rest/1/y/', reconciliation: { enabled: true } },
    });
    expect(previous.webhookUrl).toBe('https://a.bitrix24.ru/rest/1/x/');
  });

  it('removes a key whose input was emptied, so the engine’s default applies again', () => {
    const result = settingsFromForm(
      'twenty',
      { workspaceId: '', 'stages.won': '', 'stages.lost': '', ownerField: '', toleranceSeconds: '' },
      { workspaceId: 'ws-1', toleranceSeconds: 600, stages: { won: ['CUSTOMER'] } },
    );
    expect(result).toEqual({ ok: true, settings: { stages: {} } });
  });

  it('names each input that is missing or malformed', () => {
    expect(
      settingsFromForm('amocrm', {
        accountId: '29a',
        apiBaseUrl: 'example.amocrm.ru',
        currency: 'rubles',
        wonStatusIds: '142, 145',
      }),
    ).toEqual({ ok: false, problems: { accountId: 'digits', apiBaseUrl: 'url', currency: 'currency' } });
    expect(settingsFromForm('pipedrive', { basicAuthUser: '  ' })).toEqual({
      ok: false,
      problems: { basicAuthUser: 'required' },
    });
    expect(settingsFromForm('hubspot', { accessToken: 'x', maxAgeSeconds: '-5' })).toEqual({
      ok: false,
      problems: { maxAgeSeconds: 'integer' },
    });
  });

  it('writes numbers, upper-case currency codes and trimmed lists as the engine reads them', () => {
    expect(
      settingsFromForm('amocrm', { accountId: ' 29085955 ', currency: 'rub', wonStatusIds: '142,\n 150 ,' }),
    ).toEqual({ ok: true, settings: { accountId: '29085955', currency: 'RUB', wonStatusIds: ['142', '150'] } });
  });

  it('has a labelled form for every CRM kind and none for generic (its mapping has an editor)', () => {
    for (const kind of SOURCE_KINDS) {
      expect(SETTING_FIELDS[kind].length > 0, kind).toBe(kind !== 'generic');
    }
  });
});

describe('pasteHint', () => {
  it('tells a generic source to sign only when it has a secret', () => {
    expect(pasteHint({ kind: 'generic', signed: true })).toBe('sources.hint.generic');
    expect(pasteHint({ kind: 'generic', signed: false })).toBe('sources.hint.genericUnsigned');
    expect(pasteHint({ kind: 'amocrm', signed: true })).toBe('sources.hint.amocrm');
  });
});
