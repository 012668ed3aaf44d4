// CRM sources: where webhooks come from, with their secret and settings, and their delivery log.
import { createRoute, z } from '@hono/zod-openapi';
import { DELIVERY_STATUSES } from '../../db/entities/delivery.entity.ts';
import { ENRICHMENT_STATUSES } from '../../db/entities/enrichment.entity.ts';
import { SOURCE_KINDS } from '../../db/entities/source.entity.ts';
import { POLL_LISTS } from '../../db/entities/source-poll.entity.ts';
import {
  conflictResponse,
  ErrorSchema,
  errorResponses,
  notFoundResponse,
  security,
} from '../../http/openapi-common.ts';

const PollError = z.object({
  list: z.enum(POLL_LISTS),
  code: z.string(),
  message: z.string(),
});

export const ReconciliationSchema = z
  .object({
    enabled: z.boolean().openapi({ description: 'whether the engine polls on its schedule (RECONCILE_INTERVAL_MS)' }),
    lastPolledAt: z.string().nullable(),
    lastError: PollError.nullable().openapi({ description: "the last poll's failure, kept until a poll succeeds" }),
    nextPollAt: z.string().nullable(),
  })
  .openapi('Reconciliation');

export const ReconcileResultSchema = z
  .object({
    deals: z.number().int().openapi({ description: 'changed deals read' }),
    events: z.number().int().openapi({ description: 'deal events newly stored (won, lost, stage and owner changes)' }),
    overdueTasks: z.number().int().openapi({ description: 'task.overdue events newly stored' }),
    errors: z.array(PollError).openapi({ description: 'lists that failed; they are read again by the next poll' }),
  })
  .openapi('ReconcileResult');

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
    reconciliation: ReconciliationSchema.nullable().optional().openapi({
      description:
        'polling of the CRM for changed deals and overdue tasks (on reads); null when the settings give no API access',
    }),
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
    status: z.enum(DELIVERY_STATUSES).openapi({
      description:
        '`duplicate`: a redelivery that stored nothing; `test`: a sample run from POST /api/sources/{id}/test',
    }),
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
        .openapi({ description: 'deliveries received before this time' }),
      cursor: z.string().max(200).optional().openapi({ description: 'the next page: `next` of the previous answer' }),
    }),
  },
  responses: {
    200: {
      description: 'Deliveries',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(DeliverySchema),
            next: z
              .string()
              .nullable()
              .openapi({
                description:
                  'the cursor of the next page (deliveries stored together share a receipt time; the cursor ' +
                  'continues exactly after the last one shown); null on the last page',
              }),
          }),
        },
      },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const reconcileSource = createRoute({
  method: 'post',
  path: '/api/sources/{id}/reconcile',
  tags: ['sources'],
  summary: 'Poll the CRM now for changed deals and overdue tasks',
  description:
    'Reads the deals changed and the tasks due since the last poll (with an overlap) through the CRM REST API, ' +
    'stores the events webhooks missed (each once, whatever arrived already) and answers what it found.',
  security,
  request: { params: SourceId },
  responses: {
    200: { description: 'What the poll found', content: { 'application/json': { schema: ReconcileResultSchema } } },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
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

// ---- editing, secret rotation and test deliveries ------------------------------------------------------------

const SETTINGS_DESCRIPTION =
  'Per kind: the CRM adapter settings (bitrix24, amocrm, hubspot, pipedrive, twenty), or for `generic` an optional ' +
  '`mapping` `{ language: "jsonata" | "pointer", items?, fields: { id, type, employee, occurredAt, amount?, currency?, ' +
  'attributes?: { name: field } }, types?: { raw: "dotted.type" | null }, otherTypes?: "keep" | "skip" }` where a field ' +
  'is an expression (JSONata, or an RFC 6901 pointer relative to each record) or `{ "const": value }`. See the README.';

export const updateSource = createRoute({
  method: 'patch',
  path: '/api/sources/{id}',
  tags: ['sources'],
  summary: "Rename a source or replace its settings (a generic source's mapping)",
  description: `Settings are replaced as a whole and validated per kind; 422 details point into \`/settings\`. ${SETTINGS_DESCRIPTION}`,
  security,
  request: {
    params: SourceId,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              name: z.string().min(1).max(200).optional(),
              settings: z.record(z.string(), z.unknown()).optional().openapi({ description: SETTINGS_DESCRIPTION }),
            })
            .openapi('UpdateSourceRequest'),
        },
      },
    },
  },
  responses: {
    200: { description: 'The source as saved', content: { 'application/json': { schema: SourceSchema } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const rotateSourceSecret = createRoute({
  method: 'post',
  path: '/api/sources/{id}/secret',
  tags: ['sources'],
  summary: 'Replace the secret of a source; answers the new one once',
  description:
    'generic, twenty, amocrm and pipedrive sources get a generated secret unless one is given; bitrix24 and hubspot ' +
    'need the one the CRM issued. Deliveries signed with the old secret are refused from now on (401).',
  security,
  request: {
    params: SourceId,
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.object({ secret: z.string().min(16).max(500).optional() }).openapi('RotateSourceSecretRequest'),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The source with its new `secret` (and, for amoCRM, the URL that carries it), shown only now',
      content: { 'application/json': { schema: SourceSchema.extend({ secret: z.string().nullable() }) } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const TestDeliveryResultSchema = z
  .object({
    events: z.array(
      z.object({
        externalId: z.string(),
        type: z.string(),
        occurredAt: z.string(),
        externalEmployeeId: z.string().nullable(),
        employeeId: z.string().nullable().openapi({ description: 'null: the CRM user maps to no employee yet' }),
        amount: z.string().nullable().openapi({ description: 'a decimal string' }),
        currency: z
          .string()
          .nullable()
          .openapi({ description: 'as it would be stored (the default currency applied)' }),
        attributes: z.record(z.string(), z.unknown()),
      }),
    ),
    skipped: z.array(z.object({ ref: z.string(), reason: z.string() })),
    enrichments: z
      .array(z.object({ object: z.string(), id: z.string() }))
      .openapi({ description: 'CRM objects a real delivery would queue for a REST re-read (not read now)' }),
    deliveryId: z.string().openapi({ description: 'the `test` row this run wrote to the delivery log' }),
  })
  .openapi('TestDeliveryResult');

export const testSource = createRoute({
  method: 'post',
  path: '/api/sources/{id}/test',
  tags: ['sources'],
  summary: 'Run a sample body through the source without storing anything',
  description:
    'Parses (or maps) the sample as a delivery to this source would be, without checking a signature, and attributes ' +
    'its events to employees. Nothing is stored but one delivery-log row with status `test`. A sample a real delivery ' +
    'would refuse gets the same 4xx error (and is logged as a `test` row with that error).',
  security,
  request: {
    params: SourceId,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              body: z
                .string()
                .max(1024 * 1024)
                .openapi({ description: 'the raw body, as the CRM would send it' }),
              contentType: z.string().max(200).optional().openapi({
                description: 'default application/json; Bitrix24 and amoCRM send application/x-www-form-urlencoded',
              }),
              settings: z.record(z.string(), z.unknown()).optional().openapi({
                description:
                  'unsaved settings (e.g. a mapping being edited) to try instead of the saved ones; validated as PATCH validates them',
              }),
            })
            .openapi('TestSourceRequest'),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'What the delivery would store',
      content: { 'application/json': { schema: TestDeliveryResultSchema } },
    },
    415: {
      description: 'The content type is not the one this kind of CRM sends',
      content: { 'application/json': { schema: ErrorSchema } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});
