// The rules every generic event meets, whether posted in Yardstick's own shape or produced by a source's mapping.
import { z } from 'zod';

const idLike = z.union([z.string().min(1).max(200), z.number().int()]).transform(String);

export const GenericEvent = z.object({
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
