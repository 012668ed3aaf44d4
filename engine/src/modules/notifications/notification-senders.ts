// Sending one message out: an e-mail through the SMTP server (nodemailer) or one webhook POST. Each failure says
// whether trying again could help: an SMTP 5xx or a 4xx webhook answer (except 408 and 429) will not.
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { EmailChannel, WebhookChannel } from './notification-channels.ts';

export class DeliveryError extends Error {
  /** true when a retry cannot succeed (the receiver refused this message for good) */
  readonly permanent: boolean;

  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = 'DeliveryError';
    this.permanent = permanent;
  }
}

/** Text in one language, ready to go out. */
export interface OutgoingMessage {
  /** the notification row's id: the e-mail's Message-ID and the webhook's Idempotency-Key derive from it */
  id: string;
  topic: string;
  subject: string;
  body: string;
  /** absolute when the public URL is known, else the studio path */
  link: string | null;
}

/** What a receiver may use to drop a message it already has: the same for every attempt of one notification. */
export function messageIdOf(notificationId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'yardstick.invalid';
  return `<notification.${notificationId}@${domain}>`;
}

/** One e-mail, or a DeliveryError. Timeouts stay well inside the activity's own timeout. */
export async function sendEmail(channel: EmailChannel, to: string, message: OutgoingMessage): Promise<void> {
  const transport = nodemailer.createTransport({
    host: channel.host,
    port: channel.port,
    secure: channel.secure,
    ...(channel.user ? { auth: { user: channel.user, pass: channel.password } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    await transport.sendMail({
      from: channel.from,
      to,
      subject: message.subject,
      text: message.link ? `${message.body}\n\n${message.link}\n` : `${message.body}\n`,
      messageId: messageIdOf(message.id, channel.from),
      headers: { 'X-Yardstick-Topic': message.topic },
    });
  } catch (error) {
    const code = (error as { responseCode?: unknown }).responseCode;
    const permanent = typeof code === 'number' && code >= 500 && code < 600;
    throw new DeliveryError(`SMTP: ${(error as Error).message}`, permanent);
  } finally {
    transport.close();
  }
}

/** The body a webhook of `format` gets. */
export function webhookBody(
  channel: Pick<WebhookChannel, 'format' | 'chatId'>,
  message: OutgoingMessage,
  extra: Record<string, unknown> = {},
): unknown {
  const text = [message.subject, message.body, message.link].filter(Boolean).join('\n');
  switch (channel.format) {
    case 'slack':
      return { text };
    case 'telegram':
      // the Bot API's sendMessage: https://core.telegram.org/bots/api#sendmessage
      return { chat_id: channel.chatId, text, link_preview_options: { is_disabled: true } };
    case 'json':
      return {
        id: message.id,
        topic: message.topic,
        subject: message.subject,
        body: message.body,
        link: message.link,
        ...extra,
      };
  }
}

/**
 * One POST, or a DeliveryError. `Idempotency-Key` is the notification's id, so a receiver that keeps keys drops a
 * repeat; with a secret, `X-Yardstick-Signature: sha256=<hex HMAC-SHA256 of the body>` (as inbound generic sources).
 */
export async function postWebhook(
  channel: WebhookChannel,
  message: OutgoingMessage,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const body = JSON.stringify(webhookBody(channel, message, extra));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': message.id,
    'user-agent': 'Yardstick-Notifications',
  };
  if (channel.secret)
    headers['x-yardstick-signature'] = `sha256=${createHmac('sha256', channel.secret).update(body).digest('hex')}`;
  let response: Response;
  try {
    response = await fetch(channel.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new DeliveryError(`webhook: ${(error as Error).message}`, false);
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const answer = (await response.text().catch(() => '')).slice(0, 300);
  const permanent =
    response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
  throw new DeliveryError(`webhook answered ${response.status}${answer ? `: ${answer}` : ''}`, permanent);
}
