// Boots the engine: database (migrated and seeded), Temporal gateway, outbox dispatcher, CRM enrichment
// outbox, CRM reconciliation polling, HTTP server.
// `main.ts` runs it as a process; integration tests run it in-process on a free port.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { initORM, migrate, type Orm } from './db/orm.ts';
import { type SeedResult, seed } from './db/seed/seed.ts';
import type { EngineEnv } from './env.ts';
import { createApp } from './http/create-app.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { createEventDispatcher } from './modules/events/event-dispatcher.ts';
import { createEnrichmentWorker, enrichmentOptions } from './modules/hooks/enrichment-worker.ts';
import { createReconcileWorker, reconcileOptions } from './modules/hooks/reconcile-worker.ts';
import { createScheduleReconciler, type ScheduleReconciler } from './modules/schedules/schedule-reconciler.ts';
import { createTemporalGateway } from './temporal/temporal-gateway.ts';

export interface RunningEngine {
  url: string;
  orm: Orm;
  seeded: SeedResult;
  logger: Logger;
  /** the schedule reconciler, for tests that check convergence */
  schedules: ScheduleReconciler;
  stop(): Promise<void>;
}

export async function startEngine(env: EngineEnv, options: { logger?: Logger } = {}): Promise<RunningEngine> {
  const logger = options.logger ?? createLogger({ name: 'engine', level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const orm = await initORM(env.DATABASE_URL, {
    logger: (message: string) => logger.debug({ orm: true }, message),
  });
  const applied = await migrate(orm);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const seeded = await seed(orm.em.fork(), {
    demo: env.YARDSTICK_DEMO,
    adminEmail: env.YARDSTICK_ADMIN_EMAIL,
    adminPassword: env.YARDSTICK_ADMIN_PASSWORD,
  });
  if (seeded.seeded !== 'nothing') logger.info({ seeded: seeded.seeded }, 'seeded an empty database');

  const temporal = createTemporalGateway({
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    logger,
  });
  const dispatcher = createEventDispatcher({ orm, temporal, logger });
  dispatcher.start(env.DISPATCH_INTERVAL_MS);
  void dispatcher.kick();
  // re-reads left pending by a previous run (the engine died after acknowledging) resume here
  const enrichment = createEnrichmentWorker({ orm, logger, dispatcher, options: enrichmentOptions(env) });
  enrichment.start(env.ENRICH_INTERVAL_MS);
  void enrichment.kick();
  // CRM sources with API access are polled for what their webhooks lost, and for overdue tasks
  const reconciler = createReconcileWorker({ orm, logger, dispatcher, options: reconcileOptions(env) });
  reconciler.startSchedule();
  if (env.RECONCILE_INTERVAL_MS > 0) void reconciler.kick();

  // the scheme versions' Temporal Schedules converge to the database (Temporal down: retried)
  const schedules = createScheduleReconciler({ orm, temporal, logger });
  schedules.start(env.SCHEDULE_RECONCILE_INTERVAL_MS);

  const app = createApp({ env, orm, logger, temporal, dispatcher, enrichment, reconciler, schedules });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = env.PUBLIC_URL ?? `http://localhost:${port}`;
  logger.info({ url }, 'engine listening');

  return {
    url,
    orm,
    seeded,
    logger,
    schedules,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await schedules.stop();
      await reconciler.stop();
      await enrichment.stop();
      await dispatcher.stop();
      await temporal.close();
      await orm.close();
    },
  };
}
