// Webhooks in: CRMs post here. The OpenAPI entry documents the generic JSON shape.
import { createRoute, z } from '@hono/zod-openapi';
import { ErrorSchema } from '../../http/openapi-common.ts';

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

export const DeliveryResultSchema = z
  .object({
    status: z.enum(['accepted', 'duplicate']),
    deliveryId: z.string(),
    events: z.object({
      stored: z.array(z.string()).openapi({ description: 'ids of the events stored by this delivery' }),
      duplicates: z.number().int().openapi({ description: 'events already stored by an earlier delivery' }),
      unmapped: z.number().int().openapi({ description: 'stored events whose CRM user maps to no employee yet' }),
    }),
    enrichments: z.number().int().optional().openapi({
      description: 'CRM sources: REST re-reads queued by this delivery; their events follow after the answer',
    }),
  })
  .openapi('DeliveryResult');

export const receiveWebhook = createRoute({
  method: 'post',
  path: '/hooks/{sourceId}',
  tags: ['webhooks'],
  summary: 'Receive a CRM webhook',
  description:
    "Stores the delivery and its events before answering. A redelivery answers 200 with status `duplicate` and stores nothing new. A generic source with a secret requires `X-Yardstick-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. CRM sources (bitrix24, hubspot, pipedrive, twenty) take their CRM's own format and authentication; hints that need a REST re-read (or a compare with the deal's stored state) are queued and become events after the answer.",
  request: {
    params: z.object({ sourceId: z.string() }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              id: z.string(),
              type: z.string().openapi({ example: 'deal.lost' }),
              employee: z.string().openapi({ description: 'the CRM user id of the responsible employee' }),
              amount: z.union([z.string(), z.number()]).optional(),
              currency: z.string().optional(),
              occurredAt: z.string().openapi({ example: '2026-11-20T10:15:00+03:00' }),
              attributes: z.record(z.string(), z.unknown()).optional(),
            })
            .openapi('GenericEvent'),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Stored (or already stored)',
      content: { 'application/json': { schema: DeliveryResultSchema } },
    },
    401: err('The signature is missing or wrong'),
    404: err('No such source'),
    413: err('The body is larger than 1 MiB'),
    415: err('A CRM source got a content type its CRM does not send'),
    422: err('The body is not valid JSON or not an event; details list each problem'),
  },
});

export const receiveSecretUrlWebhook = createRoute({
  method: 'post',
  path: '/hooks/{sourceId}/{secret}',
  tags: ['webhooks'],
  summary: 'Receive an amoCRM (Kommo) webhook',
  description:
    'amoCRM signs nothing, so the URL it posts to carries the source secret. The form body (`leads[status][0][…]`) is stored, then re-read through the amoCRM API when the source has API credentials.',
  request: {
    params: z.object({ sourceId: z.string(), secret: z.string() }),
    body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: z.string() } } },
  },
  responses: {
    200: {
      description: 'Stored (or already stored)',
      content: { 'application/json': { schema: DeliveryResultSchema } },
    },
    401: err('The secret in the URL or the account is wrong'),
    404: err('No such amoCRM source'),
    413: err('The body is larger than 1 MiB'),
    415: err('The body is not form-encoded'),
    422: err('The form body is malformed; details list each problem'),
  },
});
