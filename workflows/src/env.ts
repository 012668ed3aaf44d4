// The worker's configuration, parsed once from the environment; nothing else reads process.env.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const WorkerEnvSchema = z.object({
  DATABASE_URL: z.string().default(`sqlite:${repoRoot}.data/yardstick.db`),
  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  /** the SMTP server notifications use while an admin has stored none: `smtp://user:password@host:587`, `smtps://…` */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'smtp://… or smtps://…')
    .optional(),
  /** the From header for SMTP_URL, e.g. `Yardstick <kpi@example.com>` */
  SMTP_FROM: z.string().optional(),
  /** the studio's public URL: links in e-mails and webhook posts are made absolute with it */
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
});

export type WorkerEnv = z.infer<typeof WorkerEnvSchema>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const parsed = WorkerEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid worker configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
