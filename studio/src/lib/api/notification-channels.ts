// The channels notifications go out through: one SMTP server and outbound webhooks, credentials masked.
import { api, type CallOptions, call, init, type Schema } from './client.ts';

export type NotificationChannels = Schema<'NotificationChannels'>;
export type EmailChannel = NonNullable<Schema<'EmailChannel'>>;
export type WebhookChannel = Schema<'WebhookChannel'>;
export type WebhookFormat = WebhookChannel['format'];
export type NotificationTopic = WebhookChannel['topics'][number];

/** A webhook as sent back: a new one has no id yet. */
export type WebhookSettings = Omit<WebhookChannel, 'id'> & { id?: string };

export interface ChannelSettings {
  email: EmailChannel | null;
  webhooks: WebhookSettings[];
}

export interface ChannelTestResult {
  ok: boolean;
  error: string | null;
  permanent: boolean;
}

export function getChannels(options: CallOptions = {}): Promise<NotificationChannels> {
  return call(api.GET('/api/notification-channels', init(options)));
}

/** Replaces the channels; a credential sent back still masked keeps the stored one. */
export function putChannels(body: ChannelSettings, options: CallOptions = {}): Promise<NotificationChannels> {
  return call(api.PUT('/api/notification-channels', { body, ...init(options) }));
}

export function testChannel(
  target: { channel: 'email'; to?: string } | { channel: 'webhook'; webhookId: string },
  options: CallOptions = {},
): Promise<ChannelTestResult> {
  return call(api.POST('/api/notification-channels/test', { body: target, ...init(options) }));
}
