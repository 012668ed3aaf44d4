// The bonus ledger, evaluations, employee statements and the payroll export.
import { createRoute, z } from '@hono/zod-openapi';
import { BONUS_KINDS, BONUS_STATUSES } from '../../db/entities/bonus-record.entity.ts';
import { parsePeriod } from '../../domain/period.ts';
import { errorResponses, LocalizedTextSchema, notFoundResponse, security } from '../../http/openapi-common.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const periodKey = z
  .string()
  .refine((key) => {
    try {
      parsePeriod(key);
      return true;
    } catch {
      return false;
    }
  }, 'a period: 2026-10, 2026-Q4, 2026-H2, 2026 or 2026-10-01..2026-10-15')
  .openapi({ example: '2026-10' });

export const BonusRecordSchema = z
  .object({
    id: z.string(),
    employee: z.object({ id: z.string(), name: z.string() }),
    schemeVersion: z.object({
      id: z.string(),
      schemeId: z.string(),
      version: z.number().int(),
      schemeName: LocalizedTextSchema,
    }),
    period: z.string(),
    kind: z.enum(BONUS_KINDS),
    cause: z.string(),
    amount: z.string().openapi({ description: 'decimal string', example: '63000.00' }),
    currency: z.string(),
    status: z.enum(BONUS_STATUSES),
    shadow: z.boolean().openapi({ description: 'computed by a pilot version: never exported' }),
    evaluationId: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('BonusRecord');

export const listBonuses = createRoute({
  method: 'get',
  path: '/api/bonuses',
  tags: ['ledger'],
  summary:
    'Bonus lines, filtered by period, status, kind, employee, department and scheme; managers see their departments',
  security,
  request: {
    query: z.object({
      period: periodKey.optional(),
      status: z.enum(BONUS_STATUSES).optional(),
      kind: z.enum(BONUS_KINDS).optional(),
      employee: z.string().optional(),
      department: z.string().optional().openapi({ description: 'the department’s id; its sub-departments included' }),
      scheme: z.string().optional().openapi({ description: 'the scheme’s id: lines of any of its versions' }),
      shadow: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(5000).default(1000),
    }),
  },
  responses: {
    200: { description: 'Bonus lines', ...json(z.object({ items: z.array(BonusRecordSchema) })) },
    ...errorResponses,
  },
});

export const exportBonuses = createRoute({
  method: 'get',
  path: '/api/bonuses/export.csv',
  tags: ['ledger'],
  summary: 'Payroll export: the approved, non-shadow lines of a period as CSV; marks them exported',
  description:
    'RFC 4180, UTF-8 with a byte order mark (Excel opens Cyrillic correctly). Columns: employee, external_ids, amount, currency, scheme_version, period, status, kind, bonus_id. Each line is exported once: the lines are marked exported in the same transaction, so a second export of the period holds only lines approved since.',
  security,
  request: { query: z.object({ period: periodKey }) },
  responses: {
    200: { description: 'The CSV file', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses,
  },
});

const EvaluationSchema = z
  .object({
    id: z.string(),
    schemeVersionId: z.string(),
    employeeId: z.string(),
    period: z.string(),
    mode: z.string(),
    asOf: z.string(),
    inputs: z.record(z.string(), z.unknown()),
    outputs: z.record(z.string(), z.unknown()),
    trace: z.unknown(),
    createdAt: z.string(),
  })
  .openapi('Evaluation');

export const listEvaluations = createRoute({
  method: 'get',
  path: '/api/evaluations',
  tags: ['results'],
  summary: 'Recorded evaluations: the inputs, outputs and trace of each scheme run, newest first',
  security,
  request: {
    query: z.object({
      employee: z.string().optional(),
      period: periodKey.optional(),
      schemeVersion: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: {
    200: { description: 'Evaluations', ...json(z.object({ items: z.array(EvaluationSchema) })) },
    ...errorResponses,
  },
});

export const getStatement = createRoute({
  method: 'get',
  path: '/api/employees/{id}/statement',
  tags: ['results'],
  summary: 'An employee’s bonus statement: every line with the KPI values, the rule version and the trace',
  security,
  request: { params: z.object({ id: z.string() }), query: z.object({ period: periodKey.optional() }) },
  responses: {
    200: {
      description: 'The statement',
      ...json(
        z
          .object({
            employee: z.object({ id: z.string(), name: z.string() }),
            period: z.string().nullable(),
            lines: z.array(
              BonusRecordSchema.extend({
                evaluation: z
                  .object({
                    id: z.string(),
                    asOf: z.string(),
                    inputs: z.record(z.string(), z.unknown()),
                    outputs: z.record(z.string(), z.unknown()),
                    trace: z.unknown(),
                    explanation: LocalizedTextSchema.nullable(),
                  })
                  .nullable(),
                review: z
                  .object({
                    id: z.string(),
                    status: z.string(),
                    comment: z.string().nullable(),
                    decidedAt: z.string().nullable(),
                  })
                  .nullable(),
              }),
            ),
            totals: z.array(
              z.object({ currency: z.string(), proposed: z.string(), approved: z.string(), exported: z.string() }),
            ),
          })
          .openapi('Statement'),
      ),
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});
