// The `generic` source: any JSON sender. Without a mapping it posts one event or an array of them in Yardstick's
// shape `{ id, type, employee, amount?, currency?, occurredAt, attributes? }`; with `settings.mapping` any JSON body
// is mapped to events (see generic-mapping.ts).
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { validationError } from '../../lib/validation.ts';
import { parseJsonBody } from './adapters/adapter.ts';
import { GenericEvent } from './generic-event.ts';
import { applyMapping, mappingOf } from './generic-mapping.ts';
import type { AdapterResult } from './normalized-event.ts';

const GenericBody = z.union([GenericEvent, z.array(GenericEvent).min(1).max(1000)]);

interface Headers {
  get(name: string): string | undefined;
}

/**
 * Parses a generic delivery's raw body (already verified, sent as JSON) into events: through the source's mapping when it has
 * one, else as Yardstick's own shape. Throws AppError 4xx for bodies it cannot accept.
 */
export async function parseGenericSource(
  source: { id: string; settings?: Record<string, unknown> | null },
  raw: string,
  headers: Headers,
): Promise<AdapterResult> {
  const given = headers.get('content-type');
  const media = given?.split(';')[0]?.trim().toLowerCase();
  // JSON only: application/json or a JSON-based type such as application/vnd.crm+json
  if (media !== 'application/json' && !media?.endsWith('+json')) {
    throw new AppError(
      415,
      'webhook.unsupported_content_type',
      `Expected Content-Type application/json, got ${given ? `"${given}"` : 'none'}`,
    );
  }
  const body = parseJsonBody(raw);
  const mapping = mappingOf(source);
  if (mapping === null) return parseGenericDelivery(body, headers);
  const mapped = await applyMapping(mapping, body);
  return { deliveryKey: headers.get('x-yardstick-delivery') ?? null, ...mapped };
}

export function parseGenericDelivery(body: unknown, headers: Headers): AdapterResult {
  const parsed = GenericBody.safeParse(body);
  if (!parsed.success) throw validationError('webhook.invalid_body', 'event', parsed.error.issues);
  const items = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  return {
    deliveryKey: headers.get('x-yardstick-delivery') ?? null,
    events: items.map((item) => ({
      externalId: item.id,
      type: item.type,
      occurredAt: new Date(item.occurredAt),
      externalEmployeeId: item.employee ?? null,
      amount: item.amount === undefined || item.amount === null ? null : String(item.amount),
      currency: item.currency ?? null,
      attributes: item.attributes ?? {},
    })),
  };
}
