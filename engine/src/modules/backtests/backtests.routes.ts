// Backtests: a scheme version evaluated over past periods, beside what the scheme paid.
import { createRoute, z } from '@hono/zod-openapi';
import { BACKTEST_STATUSES } from '../../db/entities/backtest.entity.ts';
import {
  conflictResponse,
  errorResponses,
  notFoundResponse,
  security,
  unavailableResponse,
} from '../../http/openapi-common.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const money = (description: string) => z.string().openapi({ description: `decimal string: ${description}` });

const PeriodTotalsSchema = z
  .object({
    period: z.string(),
    employees: z.number().int().openapi({ description: 'results stored for the period' }),
    draft: money('what the version would have paid'),
    paid: money('approved and exported lines of the scheme'),
    pending: money('proposed lines still under review, not counted as paid'),
    difference: money('draft − paid'),
  })
  .openapi('BacktestPeriodTotals');

const BacktestSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    schemeId: z.string(),
    schemeVersion: z.object({ id: z.string(), version: z.number().int(), status: z.string() }),
    periods: z.array(z.string()),
    status: z.enum(BACKTEST_STATUSES),
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
    currency: z.string(),
    totals: z.array(PeriodTotalsSchema),
    error: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Backtest');

const idParams = z.object({ id: z.string() });

export const startBacktest = createRoute({
  method: 'post',
  path: '/api/schemes/{id}/versions/{v}/backtest',
  tags: ['schemes'],
  summary: 'Backtest a version (typically a draft) over past periods from the stored event history',
  description:
    'Periods must have ended, be of the scheme’s period kind and number at most 24. Runs as a Temporal workflow; poll GET /api/backtests/{id}.',
  security,
  request: {
    params: z.object({ id: z.string(), v: z.coerce.number().int().min(1) }),
    body: {
      required: true,
      ...json(
        z.object({
          periods: z
            .array(z.string())
            .min(1)
            .max(24)
            .openapi({ example: ['2026-09', '2026-10'] }),
        }),
      ),
    },
  },
  responses: {
    202: {
      description: 'Started',
      ...json(z.object({ id: z.string(), workflowId: z.string() })),
    },
    ...errorResponses,
    ...notFoundResponse,
    ...unavailableResponse('Temporal is unreachable: nothing was started'),
  },
});

export const getBacktest = createRoute({
  method: 'get',
  path: '/api/backtests/{id}',
  tags: ['schemes'],
  summary: 'A backtest: status, progress, and per period what the version would have paid against what was paid',
  security,
  request: { params: idParams },
  responses: {
    200: { description: 'The backtest', ...json(BacktestSchema) },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const listBacktestResults = createRoute({
  method: 'get',
  path: '/api/backtests/{id}/results',
  tags: ['schemes'],
  summary: 'Per employee and period: the version’s payout and evaluation beside what was paid',
  security,
  request: {
    params: idParams,
    query: z.object({
      period: z.string().optional(),
      cursor: z.string().optional().openapi({ description: 'nextCursor of the previous page' }),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
  },
  responses: {
    200: {
      description: 'A page of results, by period then employee',
      ...json(
        z.object({
          items: z.array(
            z.object({
              period: z.string(),
              employee: z.object({ id: z.string(), name: z.string() }),
              draft: money('the version’s payout').nullable(),
              paid: money('approved and exported lines'),
              pending: money('proposed lines'),
              difference: money('draft − paid').nullable(),
              currency: z.string(),
              inputs: z.record(z.string(), z.unknown()),
              outputs: z.record(z.string(), z.unknown()),
            }),
          ),
          nextCursor: z.string().nullable(),
        }),
      ),
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const listSchemeBacktests = createRoute({
  method: 'get',
  path: '/api/schemes/{id}/backtests',
  tags: ['schemes'],
  summary: 'The backtests of a scheme, newest first',
  security,
  request: { params: idParams },
  responses: {
    200: { description: 'Backtests', ...json(z.object({ items: z.array(BacktestSchema) })) },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const cancelBacktest = createRoute({
  method: 'post',
  path: '/api/backtests/{id}/cancel',
  tags: ['schemes'],
  summary: 'Cancel a running backtest; the workflow marks it cancelled',
  security,
  request: { params: idParams },
  responses: {
    202: { description: 'Cancellation requested', ...json(BacktestSchema) },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
    ...unavailableResponse('Temporal is unreachable'),
  },
});
