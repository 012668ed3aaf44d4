// The engine's configuration, parsed once from the environment; nothing else reads process.env.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const EngineEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  /** the URL users reach the engine at, used in printed links and source webhook URLs */
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().default(`sqlite:${repoRoot}.data/yardstick.db`),
  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  YARDSTICK_DEMO: bool.default(false),
  YARDSTICK_ADMIN_EMAIL: z.string().email().default('admin@yardstick.demo'),
  YARDSTICK_ADMIN_PASSWORD: z.string().min(8).optional(),
  STUDIO_DIR: z.string().default(`${repoRoot}studio/build`),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: bool.default(false),
  /** failed logins per e-mail within LOGIN_WINDOW_MINUTES before further attempts get 429 */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(10),
  /** failed logins per client address within the window (higher: an office shares one address) */
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(50),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  /** behind a reverse proxy: take the client address from the last X-Forwarded-For entry */
  TRUST_PROXY: bool.default(false),
  /** how often the outbox sweeper hands undispatched events to Temporal, in milliseconds */
  DISPATCH_INTERVAL_MS: z.coerce.number().int().positive().default(5000),
  /** how often the enrichment outbox looks for due CRM re-reads, in milliseconds */
  ENRICH_INTERVAL_MS: z.coerce.number().int().positive().default(5000),
  /** the timeout of one CRM REST call */
  ENRICH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** attempts of a retryable CRM re-read before it is marked failed */
  ENRICH_MAX_ATTEMPTS: z.coerce.number().int().positive().default(8),
  /** the first retry's delay; each further one doubles (up to an hour) */
  ENRICH_RETRY_BASE_MS: z.coerce.number().int().positive().default(30_000),
  /** how often each CRM source with API access is polled for changed deals and overdue tasks; 0 turns it off */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().nonnegative().default(300_000),
  /** how far each poll reaches back before the previous one started, for clocks that disagree */
  RECONCILE_OVERLAP_MS: z.coerce.number().int().nonnegative().default(120_000),
  /** how far back a source's first poll reaches */
  RECONCILE_LOOKBACK_MS: z.coerce.number().int().positive().default(86_400_000),
  /** the SMTP server notifications use while an admin has stored none (the worker reads the same variable) */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'smtp://… or smtps://…')
    .optional(),
  /** the From header for SMTP_URL, e.g. `Yardstick <kpi@example.com>` */
  SMTP_FROM: z.string().optional(),
  /** how often the scheme versions' Temporal Schedules are made to converge to the database (also on start and
   *  after each publish, archive, pause, resume and time-zone change) */
  SCHEDULE_RECONCILE_INTERVAL_MS: z.coerce.number().int().positive().default(300_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
});

export type EngineEnv = z.infer<typeof EngineEnvSchema>;

/** Parses the environment (or the given record) and fails fast with every problem listed. */
export function loadEngineEnv(source: Record<string, string | undefined> = process.env): EngineEnv {
  const parsed = EngineEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid engine configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
