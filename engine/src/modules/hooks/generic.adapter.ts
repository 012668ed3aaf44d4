// The `generic` source: any JSON sender posting one event or an array of them in Yardstick's shape
// `{ id, type, employee, amount?, currency?, occurredAt, attributes? }`.
import { z } from 'zod';
import { validationError } from '../../lib/validation.ts';
import type { AdapterResult } from './normalized-event.ts';

const idLike = z.union([z.string().min(1).max(200), z.number().int()]).transform(String);

const GenericEvent = z.object({
  id: idLike,
  type: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'expected a dotted event type such as deal.won'),
  employee: idLike.nullable().optional(),
  amount: z
    .union([z.number().finite(), z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal amount such as "1250.50"')])
    .nullable()
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as RUB')
    .nullable()
    .optional(),
  occurredAt: z.string().datetime({ offset: true }),
  attributes: z.record(z.string(), z.unknown()).optional(),
});

const GenericBody = z.union([GenericEvent, z.array(GenericEvent).min(1).max(1000)]);

export function parseGenericDelivery(body: unknown, headers: { get(name: string): string | undefined }): AdapterResult {
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
