// The external notification channels an admin sets up: one SMTP server for e-mail and any number of outbound
// webhooks. Their settings as stored, as the API shows them (credentials masked) and as a request gives them back
// (a masked value keeps the stored one), plus the SMTP server a self-hoster may give in the environment instead.
import type { EntityManager } from '@mikro-orm/sql';
import { z } from 'zod';
import { NotificationChannel } from '../../db/entities/notification-channel.entity.ts';
import { keepMasked, maskCredential, REDACTED } from '../../lib/credentials.ts';
import { validationError } from '../../lib/validation.ts';

export const TOPICS = ['alert', 'review.requested', 'review.reminder', 'review.escalated', 'review.decided'] as const;
export const WEBHOOK_FORMATS = ['json', 'slack', 'telegram'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** The id of the one e-mail channel row. */
export const EMAIL_CHANNEL_ID = 'email';

export const EmailSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  host: z.string().trim().min(1),
  port: z.number().int().min(1).max(65535),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it */
  secure: z.boolean().default(false),
  user: z.string().default(''),
  password: z.string().default(''),
  /** the From header, e.g. `Yardstick <kpi@example.com>` */
  from: z.string().trim().min(3).regex(/@/, 'an e-mail address, optionally with a name: "Yardstick <kpi@example.com>"'),
});
export type EmailChannel = z.infer<typeof EmailSettingsSchema>;

export const WebhookSettingsSchema = z
  .object({
    /** absent for a new webhook */
    id: z.string().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
    /** where to POST; for Telegram `https://api.telegram.org/bot<token>/sendMessage` */
    url: z.string().refine((u) => u.includes(REDACTED) || /^https?:\/\//.test(u), 'an http(s) URL'),
    /** when set, each post carries `X-Yardstick-Signature: sha256=<HMAC-SHA256 of the body>` */
    secret: z.string().default(''),
    format: z.enum(WEBHOOK_FORMATS).default('json'),
    /** Telegram's `chat_id` (required for the `telegram` format) */
    chatId: z.string().trim().nullish(),
    /** the topics it receives; empty: all */
    topics: z.array(z.enum(TOPICS)).default([]),
  })
  .superRefine((w, ctx) => {
    if (w.format === 'telegram' && !w.chatId) {
      ctx.addIssue({
        code: 'custom',
        path: ['chatId'],
        message: 'a Telegram chat id is required for the telegram format',
      });
    }
  });
export type WebhookChannel = z.infer<typeof WebhookSettingsSchema> & { id: string };

export const ChannelSettingsSchema = z.object({
  /** null: no e-mail channel of its own (the environment's `SMTP_URL`, when set, is used) */
  email: EmailSettingsSchema.nullable(),
  webhooks: z.array(WebhookSettingsSchema).max(50).default([]),
});
export type ChannelSettingsInput = z.input<typeof ChannelSettingsSchema>;

/** What the environment may give: an SMTP server for self-hosters, and where links point. */
export interface NotificationDefaults {
  /** `smtp://user:password@host:587` or `smtps://…:465`; used while no e-mail channel is stored */
  smtpUrl?: string | undefined;
  /** the From header for `smtpUrl` (else `?from=` in the URL, else the user when it is an address) */
  smtpFrom?: string | undefined;
  /** the studio's public URL: links in e-mails and webhook posts become absolute */
  publicUrl?: string | undefined;
}

export interface Channels {
  email: EmailChannel | null;
  /** where the e-mail channel comes from */
  emailSource: 'settings' | 'environment' | 'none';
  webhooks: WebhookChannel[];
}

/** The e-mail channel an `SMTP_URL` describes; throws on a malformed URL. */
export function emailChannelFromUrl(smtpUrl: string, from?: string): EmailChannel {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new Error('SMTP_URL must start with smtp:// or smtps://');
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  return {
    enabled: true,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    user,
    password: decodeURIComponent(url.password),
    from: from ?? url.searchParams.get('from') ?? (user.includes('@') ? user : `yardstick@${url.hostname}`),
  };
}

/** The channels in force: the stored ones, with the environment's SMTP server when none is stored. */
export async function loadChannels(em: EntityManager, defaults: NotificationDefaults = {}): Promise<Channels> {
  const rows = await em.find(NotificationChannel, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const emailRow = rows.find((r) => r.id === EMAIL_CHANNEL_ID);
  let email: EmailChannel | null = null;
  let emailSource: Channels['emailSource'] = 'none';
  if (emailRow) {
    email = { ...(emailRow.settings as EmailChannel), enabled: emailRow.enabled };
    emailSource = 'settings';
  } else if (defaults.smtpUrl) {
    email = emailChannelFromUrl(defaults.smtpUrl, defaults.smtpFrom);
    emailSource = 'environment';
  }
  const position = (r: NotificationChannel) => Number(r.settings.position ?? 0);
  const webhooks = rows
    .filter((r) => r.kind === 'webhook')
    .sort((a, b) => position(a) - position(b))
    .map((r) => ({
      ...(r.settings as Omit<WebhookChannel, 'id' | 'name' | 'enabled'>),
      id: r.id,
      name: r.name,
      enabled: r.enabled,
    }));
  return { email, emailSource, webhooks };
}

// ---- masking -----------------------------------------------------------------------------------------------

/** The channels as the API shows them: passwords, secrets and webhook URLs masked. */
export function channelsView(channels: Channels) {
  return {
    email: channels.email ? { ...channels.email, password: maskCredential(channels.email.password) } : null,
    emailSource: channels.emailSource,
    webhooks: channels.webhooks.map((w) => ({
      id: w.id,
      name: w.name,
      enabled: w.enabled,
      // a URL may hold a token (Slack's webhook path, Telegram's bot token): it keeps only its origin
      url: maskCredential(w.url),
      secret: maskCredential(w.secret),
      format: w.format,
      chatId: w.chatId ?? null,
      topics: w.topics,
    })),
  };
}

const keep = (given: string, stored: string | undefined) => keepMasked(given, stored ?? '');

/**
 * Validates the settings a client sends (422 with JSON pointers) and puts back every credential still masked as
 * the API showed it. A webhook whose id is unknown is a new one (it gets a fresh id).
 */
export function parseChannelSettings(
  input: unknown,
  stored: Channels,
): { email: EmailChannel | null; webhooks: WebhookChannel[] } {
  const parsed = ChannelSettingsSchema.safeParse(input);
  if (!parsed.success)
    throw validationError('notification.invalid_channels', 'notification channels', parsed.error.issues);
  const { email, webhooks } = parsed.data;
  const storedHooks = new Map(stored.webhooks.map((w) => [w.id, w]));
  return {
    email: email ? { ...email, password: keep(email.password, stored.email?.password) } : null,
    webhooks: webhooks.map((w, index) => {
      const before = w.id ? storedHooks.get(w.id) : undefined;
      const url = keep(w.url, before?.url);
      if (!url) {
        throw validationError('notification.invalid_channels', 'notification channels', [
          {
            code: 'custom',
            path: ['webhooks', index, 'url'],
            message: 'the masked URL of an unknown webhook',
            input: w.url,
          },
        ]);
      }
      return { ...w, id: before ? before.id : crypto.randomUUID(), url, secret: keep(w.secret, before?.secret) };
    }),
  };
}

/** Stores the channels: the e-mail row (or none) and exactly the given webhooks. */
export async function saveChannels(
  em: EntityManager,
  settings: { email: EmailChannel | null; webhooks: WebhookChannel[] },
): Promise<void> {
  const rows = await em.find(NotificationChannel, {});
  const byId = new Map(rows.map((r) => [r.id, r]));
  const keepIds = new Set<string>(settings.webhooks.map((w) => w.id));
  if (settings.email) keepIds.add(EMAIL_CHANNEL_ID);
  for (const row of rows) if (!keepIds.has(row.id)) em.remove(row);
  const upsert = (
    id: string,
    kind: 'email' | 'webhook',
    name: string,
    enabled: boolean,
    data: Record<string, unknown>,
  ) => {
    const row = byId.get(id);
    if (row) em.assign(row, { name, enabled, settings: data });
    else em.create(NotificationChannel, { id, kind, name, enabled, settings: data });
  };
  if (settings.email) {
    const { enabled, ...data } = settings.email;
    upsert(EMAIL_CHANNEL_ID, 'email', 'E-mail', enabled, data);
  }
  // the list keeps the order it was given in
  for (const [position, { id, name, enabled, ...data }] of settings.webhooks.entries()) {
    upsert(id, 'webhook', name, enabled, { ...data, position });
  }
  await em.flush();
}
