// CRM sources: where webhooks come from, with their secret and settings, and their delivery log.
import { createRoute, z } from '@hono/zod-openapi';
import { DELIVERY_STATUSES } from '../../db/entities/delivery.entity.ts';
import { ENRICHMENT_STATUSES } from '../../db/entities/enrichment.entity.ts';
import { SOURCE_KINDS } from '../../db/entities/source.entity.ts';
import { conflictResponse, errorResponses, notFoundResponse, security } from '../../http/openapi-common.ts';

export const SourceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(SOURCE_KINDS),
    /** whether a secret is set; the secret itself is never returned after creation */
    signed: z.boolean(),
    settings: z.record(z.string(), z.unknown()),
    url: z.string().openapi({ description: 'the URL to configure in the CRM' }),
    createdAt: z.string(),
  })
  .openapi('Source');

export const EnrichmentSchema = z
  .object({
    id: z.string(),
    object: z.string().openapi({ description: 'what is re-read: deal, lead, contact, activity, call' }),
    objectId: z.string(),
    status: z.enum(ENRICHMENT_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable().openapi({ description: 'when a pending re-read is tried next' }),
    lastError: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }).nullable(),
    updatedAt: z.string(),
  })
  .openapi('Enrichment');

export const DeliverySchema = z
  .object({
    id: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    deliveryKey: z.string().nullable(),
    duplicateOf: z
      .string()
      .nullable()
      .openapi({ description: 'a duplicate: the earlier delivery it repeats (nothing new was stored)' }),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
    contentType: z.string().nullable(),
    receivedAt: z.string(),
    events: z.number().int().openapi({ description: 'events this delivery stored (with its enrichments)' }),
    skipped: z
      .array(z.object({ ref: z.string(), reason: z.string() }))
      .openapi({ description: 'parts of the delivery that carry nothing for KPIs' }),
    enrichments: z
      .array(EnrichmentSchema)
      .openapi({ description: 'the REST re-reads this delivery needs (CRM sources), with their progress' }),
  })
  .openapi('Delivery');

const SourceId = z.object({ id: z.string() });

export const createSource = createRoute({
  method: 'post',
  path: '/api/sources',
  tags: ['sources'],
  summary: 'Register a CRM source; answers its webhook URL',
  security,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              id: z
                .string()
                .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes, 2–63 characters')
                .optional()
                .openapi({ description: 'a readable id for the URL; generated when absent' }),
              name: z.string().min(1).max(200),
              kind: z.enum(SOURCE_KINDS),
              secret: z.string().min(16).max(500).optional().openapi({
                description: 'shared secret for signatures; generated for kinds that sign when absent',
              }),
              settings: z.record(z.string(), z.unknown()).optional(),
            })
            .openapi('CreateSourceRequest'),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Created; `secret` is shown only now',
      content: { 'application/json': { schema: SourceSchema.extend({ secret: z.string().nullable() }) } },
    },
    ...errorResponses,
    ...conflictResponse,
  },
});

export const listSources = createRoute({
  method: 'get',
  path: '/api/sources',
  tags: ['sources'],
  summary: 'CRM sources',
  security,
  responses: {
    200: {
      description: 'Sources',
      content: { 'application/json': { schema: z.object({ items: z.array(SourceSchema) }) } },
    },
    ...errorResponses,
  },
});

export const getSource = createRoute({
  method: 'get',
  path: '/api/sources/{id}',
  tags: ['sources'],
  summary: 'One CRM source',
  security,
  request: { params: SourceId },
  responses: {
    200: { description: 'The source', content: { 'application/json': { schema: SourceSchema } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const listDeliveries = createRoute({
  method: 'get',
  path: '/api/sources/{id}/deliveries',
  tags: ['sources'],
  summary: 'The delivery log of a source, newest first',
  security,
  request: {
    params: SourceId,
    query: z.object({
      status: z.enum(DELIVERY_STATUSES).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      before: z
        .string()
        .datetime({ offset: true })
        .optional()
        .openapi({ description: 'page: deliveries received before' }),
    }),
  },
  responses: {
    200: {
      description: 'Deliveries',
      content: { 'application/json': { schema: z.object({ items: z.array(DeliverySchema) }) } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const replayEnrichment = createRoute({
  method: 'post',
  path: '/api/sources/{id}/enrichments/{enrichmentId}/replay',
  tags: ['sources'],
  summary: 'Try a failed CRM re-read again now',
  description:
    'Sets the enrichment pending with its attempts reset and wakes the outbox. Events it already stored are not stored twice.',
  security,
  request: { params: z.object({ id: z.string(), enrichmentId: z.string() }) },
  responses: {
    202: { description: 'Pending again', content: { 'application/json': { schema: EnrichmentSchema } } },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
  },
});
