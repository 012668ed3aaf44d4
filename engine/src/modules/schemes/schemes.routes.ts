// Schemes and their immutable versions: create, rename, add a version, publish (rules validated,
// golden cases run), archive, and simulate a version on current data beside the active one.
import { createRoute, z } from '@hono/zod-openapi';
import { isValidDate } from '../../domain/period.ts';
import {
  conflictResponse,
  errorResponses,
  LocalizedTextSchema,
  notFoundResponse,
  security,
} from '../../http/openapi-common.ts';

const rule = z.unknown().openapi({ description: 'JSON-logic (see the rule language)' });
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string such as "12500.00"');
const day = z.string().refine(isValidDate, 'a date such as 2026-10-01');

const KpiLineSchema = z.object({
  metric: z.string().min(1),
  weight: z.number().min(0).max(1),
  threshold: z.number().min(0),
  plan: z.number().positive().optional(),
  cap: z.number().positive(),
  scale: z.enum(['linear', 'stepped']).optional(),
});

const AlertRuleSchema = z.object({
  id: z.string().min(1).max(64),
  name: LocalizedTextSchema,
  on: z.array(z.string()),
  severity: z.enum(['info', 'warning', 'critical']),
  when: rule,
  message: LocalizedTextSchema,
});

const GoldenCaseSchema = z.object({
  name: z.string().min(1),
  context: z.object({
    employee: z.object({ base_bonus: decimal }).catchall(z.unknown()),
    kpi: z.record(
      z.string(),
      z.object({
        actual: z.union([z.number(), z.string(), z.null()]),
        plan: z.union([z.number(), z.string(), z.null()]),
      }),
    ),
  }),
  expected: z.object({ payout: decimal, currency: z.string().length(3) }),
});

export const SchemeDefinitionSchema = z
  .object({
    scope: z.object({
      departments: z.array(z.string()).default([]),
      roles: z.array(z.string()).default([]),
      employees: z.array(z.string()).default([]),
    }),
    periodKind: z.enum(['month', 'quarter', 'half-year', 'year']),
    kpis: z.array(KpiLineSchema).default([]),
    payout: rule,
    currency: z.string().length(3).default('RUB'),
    baseBonusByRole: z.record(z.string().min(1), decimal).optional().openapi({
      description:
        "the base bonus per employee role, a decimal string in the scheme's currency; it replaces the employee's own base bonus in the rule context",
    }),
    alertRules: z.array(AlertRuleSchema).default([]),
    reviewPolicy: z
      .object({
        required: z.boolean(),
        reviewerRole: z.enum(['manager', 'hr', 'admin']),
        deadlineDays: z.number().int().min(1).max(90),
        remindBeforeDays: z
          .array(z.number().int().min(1).max(90))
          .max(10)
          .default([1])
          .openapi({ description: 'a reminder this many days before each deadline' }),
        escalateTo: z
          .enum(['hr', 'admin'])
          .nullable()
          .default('hr')
          .openapi({ description: 'the role an undecided review passes to at its deadline; null: none' }),
        escalationDays: z
          .number()
          .int()
          .min(1)
          .max(90)
          .default(3)
          .openapi({ description: 'days from the escalation to the new deadline' }),
      })
      .default({
        required: true,
        reviewerRole: 'manager',
        deadlineDays: 5,
        remindBeforeDays: [1],
        escalateTo: 'hr',
        escalationDays: 3,
      }),
    leaderboard: z.enum(['ranks', 'bands', 'hidden']).default('hidden'),
    proration: z.enum(['none', 'working-days']).default('none'),
    goldenCases: z.array(GoldenCaseSchema).default([]),
    schedule: z
      .object({
        progress: z.string().optional().openapi({ description: 'cron, default daily at 06:00', example: '0 6 * * *' }),
        close: z
          .string()
          .optional()
          .openapi({ description: 'cron, default the first day after the period at 04:00', example: '0 4 1 * *' }),
      })
      .optional()
      .openapi({ description: "when the version's schedules run, in the organization's time zone" }),
    clawback: z
      .object({
        windowDays: z.number().openapi({ description: 'a whole number of days, 1 to 3660 (checked on publish)' }),
        events: z
          .array(z.string())
          .optional()
          .openapi({ description: 'default: deal.lost, deal.reopened, deal.refunded' }),
      })
      .optional()
      .openapi({
        description:
          'A won deal reversed within windowDays of its win (attributes.dealId) takes back the payout of the paid period: a clawback line in the period of the reversal',
      }),
  })
  .openapi('SchemeDefinition');

const VERSION_STATUSES = ['draft', 'pilot', 'active', 'archived'] as const;

export const SchemeVersionSchema = z
  .object({
    id: z.string(),
    schemeId: z.string(),
    version: z.number().int(),
    status: z.enum(VERSION_STATUSES),
    effectiveFrom: z.string(),
    effectiveTo: z.string().nullable(),
    definition: SchemeDefinitionSchema,
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
    /** a paused version's schedules start no runs */
    paused: z.boolean(),
  })
  .openapi('SchemeVersion');

const VersionSummarySchema = SchemeVersionSchema.omit({ definition: true }).extend({
  periodKind: z.enum(['month', 'quarter', 'half-year', 'year']),
  scope: z.object({ departments: z.array(z.string()), roles: z.array(z.string()), employees: z.array(z.string()) }),
});

export const SchemeSchema = z
  .object({
    id: z.string(),
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.nullable(),
    versions: z.array(VersionSummarySchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Scheme');

const schemeParams = z.object({ id: z.string() });
const versionParams = z.object({ id: z.string(), v: z.coerce.number().int().min(1) });

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export const listSchemes = createRoute({
  method: 'get',
  path: '/api/schemes',
  tags: ['schemes'],
  summary: 'Schemes with their versions',
  security,
  responses: {
    200: { description: 'Schemes', ...json(z.object({ items: z.array(SchemeSchema) })) },
    ...errorResponses,
  },
});

export const createScheme = createRoute({
  method: 'post',
  path: '/api/schemes',
  tags: ['schemes'],
  summary: 'Create a scheme (its content comes with its first version)',
  security,
  request: {
    body: {
      required: true,
      ...json(z.object({ name: LocalizedTextSchema, description: LocalizedTextSchema.optional() })),
    },
  },
  responses: { 201: { description: 'Created', ...json(SchemeSchema) }, ...errorResponses },
});

export const getScheme = createRoute({
  method: 'get',
  path: '/api/schemes/{id}',
  tags: ['schemes'],
  summary: 'A scheme with its versions',
  security,
  request: { params: schemeParams },
  responses: { 200: { description: 'The scheme', ...json(SchemeSchema) }, ...errorResponses, ...notFoundResponse },
});

export const renameScheme = createRoute({
  method: 'patch',
  path: '/api/schemes/{id}',
  tags: ['schemes'],
  summary: 'Rename a scheme or change its description',
  security,
  request: {
    params: schemeParams,
    body: {
      required: true,
      ...json(
        z.object({ name: LocalizedTextSchema.optional(), description: LocalizedTextSchema.nullable().optional() }),
      ),
    },
  },
  responses: { 200: { description: 'The scheme', ...json(SchemeSchema) }, ...errorResponses, ...notFoundResponse },
});

export const createVersion = createRoute({
  method: 'post',
  path: '/api/schemes/{id}/versions',
  tags: ['schemes'],
  summary: 'Add an immutable draft version; a change to a scheme is always a new version',
  security,
  request: {
    params: schemeParams,
    body: {
      required: true,
      ...json(
        z.object({ effectiveFrom: day, effectiveTo: day.nullable().optional(), definition: SchemeDefinitionSchema }),
      ),
    },
  },
  responses: {
    201: { description: 'The draft version', ...json(SchemeVersionSchema) },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const getVersion = createRoute({
  method: 'get',
  path: '/api/schemes/{id}/versions/{v}',
  tags: ['schemes'],
  summary: 'A version with its definition',
  security,
  request: { params: versionParams },
  responses: {
    200: { description: 'The version', ...json(SchemeVersionSchema) },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const publishVersion = createRoute({
  method: 'post',
  path: '/api/schemes/{id}/versions/{v}/publish',
  tags: ['schemes'],
  summary: 'Publish a version as pilot (shadow) or active, after validating its rules and running its golden cases',
  description:
    'Refuses with 422 `scheme.invalid_rules` (details: each problem with its JSON pointer into the definition), `scheme.invalid_review_policy` (the same, for reminders and escalation) or `scheme.golden_case_failed` (details: each failed case with expected and actual payout and the rule trace). Activating a version archives the scheme’s previously active one.',
  security,
  request: {
    params: versionParams,
    body: { required: true, ...json(z.object({ status: z.enum(['pilot', 'active']) })) },
  },
  responses: {
    200: {
      description: 'The published version and the golden cases it passed',
      ...json(
        z.object({
          version: SchemeVersionSchema,
          goldenCases: z.array(z.object({ name: z.string(), payout: z.string().nullable(), currency: z.string() })),
          archived: z.array(z.number().int()).openapi({ description: 'versions archived by this activation' }),
        }),
      ),
    },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
  },
});

export const archiveVersion = createRoute({
  method: 'post',
  path: '/api/schemes/{id}/versions/{v}/archive',
  tags: ['schemes'],
  summary: 'Archive a version: it stops being evaluated',
  security,
  request: { params: versionParams },
  responses: {
    200: { description: 'The archived version', ...json(SchemeVersionSchema) },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
  },
});

const KpiInputsSchema = z.record(z.string(), z.object({ actual: z.number().nullable(), plan: z.number().nullable() }));

const SimulationResultSchema = z.object({
  achievements: z.array(
    z.object({
      metric: z.string(),
      weight: z.number(),
      actual: z.union([z.number(), z.string()]).nullable(),
      plan: z.union([z.number(), z.string()]).nullable(),
      attainment: z.number().nullable(),
      achievement: z.number().nullable(),
    }),
  ),
  weightedAchievement: z.number().nullable(),
  payout: z.string().nullable(),
  currency: z.string(),
  alerts: z.array(
    z.object({ ruleId: z.string(), name: LocalizedTextSchema, severity: z.string(), message: LocalizedTextSchema }),
  ),
  trace: z.unknown(),
  explanation: LocalizedTextSchema.nullable().openapi({ description: 'the trace as indented text' }),
});

export const simulateVersion = createRoute({
  method: 'post',
  path: '/api/schemes/{id}/versions/{v}/simulate',
  tags: ['schemes'],
  summary: 'Evaluate a version for a period on current data, beside the active version; writes nothing',
  security,
  request: {
    params: versionParams,
    body: {
      required: true,
      ...json(
        z.object({
          period: z.string().openapi({ example: '2026-10' }),
          employees: z.array(z.string()).max(10_000).optional(),
          trace: z
            .boolean()
            .default(true)
            .openapi({ description: 'false leaves out the traces: a much smaller answer for many employees' }),
        }),
      ),
    },
  },
  responses: {
    200: {
      description: 'Per employee: inputs and results of this version and of the active one, and the difference',
      ...json(
        z.object({
          period: z.object({ key: z.string(), start: z.string(), end: z.string() }),
          version: z.object({ id: z.string(), version: z.number().int(), status: z.enum(VERSION_STATUSES) }),
          active: z.object({ id: z.string(), version: z.number().int() }).nullable(),
          items: z.array(
            z.object({
              employee: z.object({ id: z.string(), name: z.string(), department: z.string(), role: z.string() }),
              inputs: KpiInputsSchema,
              result: SimulationResultSchema,
              active: SimulationResultSchema.nullable(),
              difference: z
                .string()
                .nullable()
                .openapi({ description: 'this version’s payout minus the active one’s, decimal string' }),
            }),
          ),
          totals: z.object({ payout: z.string(), active: z.string().nullable(), difference: z.string().nullable() }),
        }),
      ),
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

const ParticipantSchema = z.object({
  employee: z.object({ id: z.string(), name: z.string(), department: z.string(), role: z.string() }),
  context: z
    .object({
      employee: z.object({ id: z.string(), base_bonus: decimal }).catchall(z.unknown()),
      period: z.object({ key: z.string(), start: z.string(), end: z.string() }).catchall(z.unknown()),
      kpi: KpiInputsSchema,
      proration: z.object({ share: z.number(), workingDays: z.number(), workedDays: z.number() }),
    })
    .openapi({ description: 'the rule context the engine would evaluate this employee with' }),
  active: z
    .object({ payout: z.string().nullable(), currency: z.string() })
    .nullable()
    .openapi({ description: 'what the active version pays this employee; null when it does not cover them' }),
});

export const previewData = createRoute({
  method: 'post',
  path: '/api/schemes/{id}/preview-data',
  tags: ['schemes'],
  summary: 'The inputs of a live preview: per employee in a scope, the rule context for a period and the active payout',
  description:
    'The studio evaluates an edited definition in the browser with the same code the engine runs; this gives it what it needs: the employees the scope covers (and the caller may see), each with the rule context (KPI actuals and plans of the named metrics, base bonus, period, proration) and what the scheme’s active version pays them. Writes nothing.',
  security,
  request: {
    params: schemeParams,
    body: {
      required: true,
      ...json(
        z.object({
          scope: z.object({
            departments: z.array(z.string()).default([]),
            roles: z.array(z.string()).default([]),
            employees: z.array(z.string()).default([]),
          }),
          periodKind: z.enum(['month', 'quarter', 'half-year', 'year']),
          metrics: z
            .array(z.string())
            .max(200)
            .default([])
            .openapi({ description: 'the metric keys the edited definition reads (KPI lines and rules)' }),
          period: z.string().optional().openapi({
            example: '2026-10',
            description: "default: the current period of periodKind in the organization's time zone",
          }),
        }),
      ),
    },
  },
  responses: {
    200: {
      description: 'The period, the active version and the participants',
      ...json(
        z
          .object({
            period: z.object({ key: z.string(), start: z.string(), end: z.string() }),
            active: z.object({ id: z.string(), version: z.number().int(), currency: z.string() }).nullable(),
            participants: z.array(ParticipantSchema),
          })
          .openapi('SchemePreviewData'),
      ),
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});
