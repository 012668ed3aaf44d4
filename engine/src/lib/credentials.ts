// Credentials as the API shows them and takes them back: a stored token, password or secret URL is never shown;
// the API shows a mask, and a client that sends the mask back keeps the stored value. Sources (CRM tokens, the
// Bitrix24 inbound-webhook URL) and notification channels (SMTP password, webhook URLs and secrets) share it.

/** What the API shows in place of a credential; sent back unchanged, it keeps the stored value. */
export const REDACTED = '••••••••';

/** A credential as the API shows it: masked; a web URL keeps its origin, so that it stays recognisable. */
export function maskCredential(value: string): string {
  if (value === '') return '';
  const url = URL.canParse(value) ? new URL(value) : null;
  return url && (url.protocol === 'https:' || url.protocol === 'http:') ? `${url.origin}/${REDACTED}` : REDACTED;
}

/** A credential a client sends back: while it still holds the mask, the stored value stays. */
export function keepMasked<T>(given: string, stored: T): string | T {
  return given.includes(REDACTED) ? stored : given;
}
