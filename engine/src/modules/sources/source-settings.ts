// The checks a source's settings and secret pass when it is created or edited, per kind: a CRM adapter's settings
// schema, the generic source's mapping (every expression compiled), and the secret a CRM must have issued.
import type { SourceKind } from '../../db/entities/source.entity.ts';
import { keepMasked, maskCredential } from '../../lib/credentials.ts';
import { AppError } from '../../lib/errors.ts';
import { newToken } from '../../lib/secrets.ts';
import { validationError } from '../../lib/validation.ts';
import { crmAdapters } from '../hooks/adapters/index.ts';
import { isCrmKind } from '../hooks/crm-api.ts';
import { parseGenericSettings } from '../hooks/generic-mapping.ts';

// Kinds whose secret Yardstick may choose (the user copies it into the CRM); a source of such a kind gets one
// by default. Bitrix24's application token and HubSpot's client secret are issued by the CRM: they must be given.
export const GENERATED_SECRET_KINDS = new Set<SourceKind>(['generic', 'twenty', 'amocrm', 'pipedrive']);
export const ISSUED_SECRET_KINDS = new Set<SourceKind>(['bitrix24', 'hubspot']);

/** Throws 422 (details: JSON pointers under `/settings`) unless `settings` suit a source of `kind`. */
export function validateSourceSettings(kind: SourceKind, settings: Record<string, unknown>): void {
  if (kind === 'generic') {
    parseGenericSettings(settings);
    return;
  }
  if (!isCrmKind(kind)) return;
  const parsed = crmAdapters[kind].settingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw validationError(
      'source.invalid_settings',
      `${kind} settings`,
      parsed.error.issues.map((issue) => ({ ...issue, path: ['settings', ...issue.path] })),
    );
  }
}

/** The secret a source of `kind` gets: the one given, else a generated one for kinds that may choose it. */
export function sourceSecret(kind: SourceKind, given: string | undefined): string | null {
  if (given) return given;
  if (ISSUED_SECRET_KINDS.has(kind)) {
    throw new AppError(422, 'source.secret_required', `A ${kind} source needs the secret the CRM issued`, [
      {
        path: '/secret',
        message: kind === 'bitrix24' ? "the outbound webhook's application token" : "the app's client secret",
      },
    ]);
  }
  return GENERATED_SECRET_KINDS.has(kind) ? newToken('whsec') : null;
}

// ---- credentials in settings ------------------------------------------------------------------------------

/** Settings that are credentials: API tokens, and Bitrix24's inbound-webhook URL (its path holds the key). */
const CREDENTIAL_KEYS = new Set(['accessToken', 'apiToken', 'apiKey', 'webhookUrl']);
/** The settings as the API shows them: credentials masked (a URL keeps its origin, so it stays recognisable). */
export function redactSettings(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settings).map(([key, value]) => {
      if (!CREDENTIAL_KEYS.has(key) || typeof value !== 'string') return [key, value];
      return [key, maskCredential(value)];
    }),
  );
}

/** Settings sent back by a client: a credential still masked keeps the stored value. */
export function unredactSettings(
  incoming: Record<string, unknown>,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(incoming).map(([key, value]) =>
      CREDENTIAL_KEYS.has(key) && typeof value === 'string' ? [key, keepMasked(value, stored[key])] : [key, value],
    ),
  );
}

/**
 * Settings a request gives for an existing source (PATCH, a test run), checked for its kind: credentials still
 * masked as the API showed them keep their stored values. Undefined when the request gives none.
 */
export function requestedSettings(
  source: { kind: SourceKind; settings?: Record<string, unknown> | null },
  given: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (given === undefined) return undefined;
  const settings = unredactSettings(given, source.settings ?? {});
  validateSourceSettings(source.kind, settings);
  return settings;
}
