// Runs of a scheme version: evaluate a period now (progress or close), the state of its closed periods, and
// pausing or resuming the version's schedules.
import { createRoute, z } from '@hono/zod-openapi';
import {
  conflictResponse,
  errorResponses,
  notFoundResponse,
  security,
  unavailableResponse,
} from '../../http/openapi-common.ts';
import { SchemeVersionSchema } from '../schemes/schemes.routes.ts';

const schemeParams = z.object({ id: z.string() });
const versionParams = z.object({ id: z.string(), v: z.coerce.number().int().min(1) });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export const evaluateVersion = createRoute({
  method: 'post',
  path: '/api/schemes/{id}/versions/{v}/evaluate',
  tags: ['schemes'],
  summary: 'Evaluate an active or pilot version for a period now: progress, or the close that proposes bonuses',
  description:
    'Starts `evaluateSchemeWorkflow` and answers at once. A close runs once per version and period (409 when it ' +
    'runs, ran or the period is locked); after proposing, it waits for the reviews and then locks the period.',
  security,
  request: {
    params: versionParams,
    body: {
      required: true,
      ...json(z.object({ period: z.string().openapi({ example: '2026-10' }), mode: z.enum(['progress', 'close']) })),
    },
  },
  responses: {
    202: { description: 'The run started', ...json(z.object({ workflowId: z.string() })) },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
    ...unavailableResponse('Temporal is not reachable'),
  },
});

const SchemePeriodSchema = z
  .object({
    versionId: z.string(),
    version: z.number().int(),
    period: z.string(),
    status: z.enum(['closing', 'reviewing', 'locked']),
    workflowId: z.string(),
    participants: z.number().int(),
    evaluated: z.number().int(),
    proposed: z.number().int(),
    reviews: z.number().int(),
    startedAt: z.string(),
    reviewingAt: z.string().nullable(),
    lockedAt: z.string().nullable(),
  })
  .openapi('SchemePeriod');

export const listPeriods = createRoute({
  method: 'get',
  path: '/api/schemes/{id}/periods',
  tags: ['schemes'],
  summary: 'The closed and closing periods of each version: closing, reviewing or locked, with counts',
  security,
  request: { params: schemeParams },
  responses: {
    200: { description: 'Periods, newest first', ...json(z.object({ items: z.array(SchemePeriodSchema) })) },
    ...errorResponses,
    ...notFoundResponse,
  },
});

const pauseRoute = (action: 'pause' | 'resume') =>
  createRoute({
    method: 'post',
    path: `/api/schemes/{id}/versions/{v}/${action}`,
    tags: ['schemes'],
    summary:
      action === 'pause'
        ? "Pause an active or pilot version's schedules: no progress or close run starts by itself"
        : "Resume a paused version's schedules (missed runs within the catch-up window run then)",
    security,
    request: { params: versionParams },
    responses: {
      200: { description: 'The version', ...json(SchemeVersionSchema) },
      ...errorResponses,
      ...notFoundResponse,
      ...conflictResponse,
    },
  });

export const pauseVersion = pauseRoute('pause');
export const resumeVersion = pauseRoute('resume');
