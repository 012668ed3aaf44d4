// The pilot comparison: a pilot version's shadow run beside the active version.
import { createRoute, z } from '@hono/zod-openapi';
import { conflictResponse, errorResponses, notFoundResponse, security } from '../../http/openapi-common.ts';
import { BonusRecordSchema } from '../ledger/ledger.routes.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

const SideSchema = z
  .object({
    evaluationId: z.string(),
    mode: z.string().openapi({ description: 'close when the period was closed, else the latest progress run' }),
    asOf: z.string(),
    payout: z.string().nullable().openapi({ description: 'decimal string' }),
    currency: z.string(),
    weightedAchievement: z.number().nullable(),
    achievements: z.array(
      z.object({
        metric: z.string(),
        weight: z.number().nullable(),
        attainment: z.number().nullable(),
        achievement: z.number().nullable(),
      }),
    ),
  })
  .openapi('PilotDiffSide');

export const getPilotDiff = createRoute({
  method: 'get',
  path: '/api/schemes/{id}/pilot-diff',
  tags: ['schemes'],
  summary: 'The pilot version’s shadow evaluations and bonus lines beside the active version’s, per employee',
  description:
    'For each employee the pilot covers (and the caller may see): the close evaluation of each version for the period, else its latest progress evaluation; an employee missing one on either side is listed with null there.',
  security,
  request: {
    params: z.object({ id: z.string() }),
    query: z.object({ period: z.string().openapi({ example: '2026-10' }) }),
  },
  responses: {
    200: {
      description: 'The comparison',
      ...json(
        z
          .object({
            period: z.object({ key: z.string(), start: z.string(), end: z.string() }),
            pilot: z.object({ id: z.string(), version: z.number().int() }),
            active: z.object({ id: z.string(), version: z.number().int() }).nullable(),
            currency: z.string(),
            items: z.array(
              z.object({
                employee: z.object({ id: z.string(), name: z.string(), department: z.string(), role: z.string() }),
                pilot: SideSchema.nullable(),
                active: SideSchema.nullable(),
                difference: z.string().nullable().openapi({ description: 'pilot − active, decimal string' }),
                shadowLines: z.array(BonusRecordSchema),
                realLines: z.array(BonusRecordSchema),
              }),
            ),
            totals: z.object({
              pilot: z.string(),
              active: z.string(),
              difference: z.string(),
              employees: z.number().int(),
              missingPilot: z.number().int(),
              missingActive: z.number().int(),
            }),
          })
          .openapi('PilotDiff'),
      ),
    },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
  },
});
