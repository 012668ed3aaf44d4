// What the studio knows about each kind of source: whether the CRM issues the secret, the content
// type its webhooks carry, and the settings form (one labelled field per settings key, as the
// engine's adapters read them), with the conversion between that form and the settings JSON.
import type { Source, SourceKind } from '../api/types.ts';
import type { MessageKey } from '../i18n/messages.ts';

/** Bitrix24's application token and HubSpot's client secret come from the CRM; other kinds get one generated. */
export const ISSUED_SECRET_KINDS: ReadonlySet<SourceKind> = new Set(['bitrix24', 'hubspot']);

/** The CRMs the engine re-reads and reconciles; `generic` is any JSON sender. */
export function isCrmKind(kind: SourceKind): boolean {
  return kind !== 'generic';
}

/** The content type a kind's webhooks carry, the default of the test form. */
export const WEBHOOK_CONTENT_TYPE: Readonly<Record<SourceKind, string>> = {
  generic: 'application/json',
  bitrix24: 'application/x-www-form-urlencoded',
  amocrm: 'application/x-www-form-urlencoded',
  hubspot: 'application/json',
  pipedrive: 'application/json',
  twenty: 'application/json',
};

export type SettingType = 'text' | 'url' | 'token' | 'integer' | 'digits' | 'currency' | 'list';

export interface SettingField {
  /** Dotted path in the settings JSON, e.g. `stages.won`. */
  key: string;
  type: SettingType;
  label: MessageKey;
  hint?: MessageKey;
  required?: boolean;
  placeholder?: string;
}

export const SETTING_FIELDS: Readonly<Record<SourceKind, readonly SettingField[]>> = {
  generic: [],
  bitrix24: [
    {
      key: 'webhookUrl',
      type: 'url',
      label: 'sources.setting.bitrix24.webhookUrl',
      hint: 'sources.setting.bitrix24.webhookUrlHint',
      required: true,
      placeholder: 'https://portal.bitrix24.ru/rest/1/abc123/',
    },
    { key: 'memberId', type: 'text', label: 'sources.setting.bitrix24.memberId', hint: 'sources.setting.tenantHint' },
  ],
  amocrm: [
    {
      key: 'accountId',
      type: 'digits',
      label: 'sources.setting.amocrm.accountId',
      hint: 'sources.setting.amocrm.accountIdHint',
      required: true,
    },
    {
      key: 'apiBaseUrl',
      type: 'url',
      label: 'sources.setting.amocrm.apiBaseUrl',
      hint: 'sources.setting.amocrm.apiBaseUrlHint',
      placeholder: 'https://example.amocrm.ru',
    },
    {
      key: 'accessToken',
      type: 'token',
      label: 'sources.setting.amocrm.accessToken',
      hint: 'sources.setting.amocrm.accessTokenHint',
    },
    { key: 'currency', type: 'currency', label: 'sources.setting.currency', hint: 'sources.setting.currencyHint' },
    {
      key: 'wonStatusIds',
      type: 'list',
      label: 'sources.setting.amocrm.wonStatusIds',
      hint: 'sources.setting.listHint',
      placeholder: '142',
    },
    {
      key: 'lostStatusIds',
      type: 'list',
      label: 'sources.setting.amocrm.lostStatusIds',
      hint: 'sources.setting.listHint',
      placeholder: '143',
    },
  ],
  hubspot: [
    {
      key: 'accessToken',
      type: 'token',
      label: 'sources.setting.hubspot.accessToken',
      hint: 'sources.setting.hubspot.accessTokenHint',
      required: true,
    },
    { key: 'portalId', type: 'text', label: 'sources.setting.hubspot.portalId', hint: 'sources.setting.tenantHint' },
    { key: 'stages.won', type: 'list', label: 'sources.setting.stagesWon', hint: 'sources.setting.hubspot.stagesHint' },
    {
      key: 'stages.lost',
      type: 'list',
      label: 'sources.setting.stagesLost',
      hint: 'sources.setting.hubspot.stagesHint',
    },
    {
      key: 'publicUrl',
      type: 'url',
      label: 'sources.setting.hubspot.publicUrl',
      hint: 'sources.setting.hubspot.publicUrlHint',
    },
    {
      key: 'maxAgeSeconds',
      type: 'integer',
      label: 'sources.setting.hubspot.maxAgeSeconds',
      hint: 'sources.setting.secondsHint',
      placeholder: '300',
    },
  ],
  pipedrive: [
    {
      key: 'basicAuthUser',
      type: 'text',
      label: 'sources.setting.pipedrive.basicAuthUser',
      hint: 'sources.setting.pipedrive.basicAuthUserHint',
      required: true,
    },
    {
      key: 'companyId',
      type: 'text',
      label: 'sources.setting.pipedrive.companyId',
      hint: 'sources.setting.tenantHint',
    },
    {
      key: 'apiToken',
      type: 'token',
      label: 'sources.setting.pipedrive.apiToken',
      hint: 'sources.setting.pipedrive.apiTokenHint',
    },
    {
      key: 'apiBaseUrl',
      type: 'url',
      label: 'sources.setting.pipedrive.apiBaseUrl',
      hint: 'sources.setting.pipedrive.apiBaseUrlHint',
      placeholder: 'https://example.pipedrive.com',
    },
  ],
  twenty: [
    {
      key: 'workspaceId',
      type: 'text',
      label: 'sources.setting.twenty.workspaceId',
      hint: 'sources.setting.tenantHint',
    },
    {
      key: 'apiBaseUrl',
      type: 'url',
      label: 'sources.setting.twenty.apiBaseUrl',
      hint: 'sources.setting.twenty.apiBaseUrlHint',
      placeholder: 'https://api.twenty.com',
    },
    {
      key: 'apiKey',
      type: 'token',
      label: 'sources.setting.twenty.apiKey',
      hint: 'sources.setting.twenty.apiKeyHint',
    },
    {
      key: 'stages.won',
      type: 'list',
      label: 'sources.setting.stagesWon',
      hint: 'sources.setting.listHint',
      placeholder: 'CUSTOMER',
    },
    { key: 'stages.lost', type: 'list', label: 'sources.setting.stagesLost', hint: 'sources.setting.listHint' },
    {
      key: 'ownerField',
      type: 'text',
      label: 'sources.setting.twenty.ownerField',
      hint: 'sources.setting.twenty.ownerFieldHint',
      placeholder: 'accountOwnerId',
    },
    {
      key: 'toleranceSeconds',
      type: 'integer',
      label: 'sources.setting.twenty.toleranceSeconds',
      hint: 'sources.setting.secondsHint',
      placeholder: '300',
    },
  ],
};

/** The text in each input of a settings form, by field key. */
export type SettingsForm = Record<string, string>;

export type SettingProblem = 'required' | 'url' | 'integer' | 'digits' | 'currency';

export type SettingsResult =
  | { ok: true; settings: Record<string, unknown> }
  | { ok: false; problems: Record<string, SettingProblem> };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readPath(settings: Json, key: string): unknown {
  let value: unknown = settings;
  for (const part of key.split('.')) value = isObject(value) ? value[part] : undefined;
  return value;
}

function writePath(settings: Json, key: string, value: unknown): void {
  const parts = key.split('.');
  const last = parts.pop() as string;
  let target = settings;
  for (const part of parts) {
    const next = target[part];
    if (!isObject(next)) {
      if (value === undefined) return;
      target[part] = {};
    }
    target = target[part] as Json;
  }
  if (value === undefined) delete target[last];
  else target[last] = value;
}

function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}

/** The form's inputs filled from a source's settings. */
export function settingsToForm(kind: SourceKind, settings: Json): SettingsForm {
  const form: SettingsForm = {};
  for (const field of SETTING_FIELDS[kind]) form[field.key] = toText(readPath(settings, field.key));
  return form;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function parseField(field: SettingField, text: string): { value: unknown } | { problem: SettingProblem } {
  switch (field.type) {
    case 'url':
      return isHttpUrl(text) ? { value: text } : { problem: 'url' };
    case 'integer':
      return /^\d+$/.test(text) && Number(text) > 0 ? { value: Number(text) } : { problem: 'integer' };
    case 'digits':
      return /^\d+$/.test(text) ? { value: text } : { problem: 'digits' };
    case 'currency':
      return /^[A-Za-z]{3}$/.test(text) ? { value: text.toUpperCase() } : { problem: 'currency' };
    case 'list':
      return {
        value: text
          .split(/[,\n]/)
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      };
    default:
      return { value: text };
  }
}

/**
 * The settings JSON for the form: `previous` with the form's keys replaced (an empty input removes
 * its key, so the engine's default applies) and every other key kept as it was — the generic
 * mapping, per-pipeline stages, whatever a newer engine stores. Fails with a problem per bad input.
 */
export function settingsFromForm(kind: SourceKind, form: SettingsForm, previous: Json = {}): SettingsResult {
  const settings = structuredClone(previous);
  const problems: Record<string, SettingProblem> = {};
  for (const field of SETTING_FIELDS[kind]) {
    const text = (form[field.key] ?? '').trim();
    if (text === '') {
      if (field.required) problems[field.key] = 'required';
      else writePath(settings, field.key, undefined);
      continue;
    }
    const parsed = parseField(field, text);
    if ('problem' in parsed) problems[field.key] = parsed.problem;
    else writePath(settings, field.key, parsed.value);
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, settings };
}

/** Readable ids the engine accepts for a source (the URL's last part): as its route validates them. */
export const SOURCE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** A secret the engine accepts when given (16–500 characters). */
export function isAcceptableSecret(secret: string): boolean {
  return secret.length >= 16 && secret.length <= 500;
}

/** Load functions that read sources declare this, so a change can refresh them by name. */
export const SOURCES_DEPENDENCY = 'app:sources';

/** The message key of a settings problem, for the form to show under its input. */
export const SETTING_PROBLEM_MESSAGE = {
  required: 'sources.problem.required',
  url: 'sources.problem.url',
  integer: 'sources.problem.integer',
  digits: 'sources.problem.digits',
  currency: 'sources.problem.currency',
} as const satisfies Record<SettingProblem, MessageKey>;

/** Where the URL (and secret) go in the source's CRM; a generic source without a secret signs nothing. */
export function pasteHint(source: Pick<Source, 'kind' | 'signed'>): MessageKey {
  if (source.kind === 'generic' && !source.signed) return 'sources.hint.genericUnsigned';
  return `sources.hint.${source.kind}`;
}
