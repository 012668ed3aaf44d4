// The engine's HTTP app in process (app.request, no port) on a migrated, demo-seeded database:
// `sqlite::memory:` or a throwaway PostgreSQL. Temporal is unreachable on purpose. API test suites
// are written once against this and run for both databases.
import { pino } from 'pino';
import { expect } from 'vitest';
import { newId } from '../src/db/entities/base.ts';
import { Employee } from '../src/db/entities/employee.entity.ts';
import { User, type UserRole } from '../src/db/entities/user.entity.ts';
import { initORM, migrate, type Orm } from '../src/db/orm.ts';
import { seed } from '../src/db/seed/seed.ts';
import { loadEngineEnv } from '../src/env.ts';
import { createApp } from '../src/http/create-app.ts';
import { hashPassword } from '../src/lib/secrets.ts';
import { createEventDispatcher } from '../src/modules/events/event-dispatcher.ts';
import {
  createEnrichmentWorker,
  type EnrichmentWorker,
  enrichmentOptions,
} from '../src/modules/hooks/enrichment-worker.ts';
import {
  createReconcileWorker,
  type ReconcileWorker,
  reconcileOptions,
} from '../src/modules/hooks/reconcile-worker.ts';
import { createScheduleReconciler } from '../src/modules/schedules/schedule-reconciler.ts';
import { createTemporalGateway } from '../src/temporal/temporal-gateway.ts';
import { startTestPostgres } from './postgres.ts';

export type Database = 'sqlite' | 'postgresql';
export type Headers = Record<string, string>;
export type SessionHeaders = { cookie: string; 'x-csrf-token': string };

export interface InProcessApp {
  app: ReturnType<typeof createApp>;
  orm: Orm;
  /** the CRM enrichment outbox; not started: tests kick it */
  enrichment: EnrichmentWorker;
  /** CRM reconciliation polling; not scheduled: tests kick it or call reconcile */
  reconciler: ReconcileWorker;
  /** a JSON request; the body is sent as JSON when given */
  call(method: string, path: string, headers: Headers, body?: unknown): Promise<Response>;
  /** signs in and returns the headers of that studio session (cookie + CSRF token) */
  login(email: string, password: string): Promise<SessionHeaders>;
  /** creates a login of `role` (the employee named `employeeName`, if given) and signs it in */
  signInAs(role: UserRole, employeeName: string | null): Promise<SessionHeaders>;
  stop(): Promise<void>;
}

export interface InProcessOptions {
  /** engine settings over the test defaults */
  env?: Record<string, string>;
  /** "now" for the demo history, so that figures computed from it are reproducible */
  now?: Date;
  /** the engine's log level; silent unless a suite is being debugged */
  logLevel?: string;
  /** the fetch the enrichment outbox calls CRMs with (tests stand in for a dying engine) */
  enrichmentFetch?: typeof fetch;
}

export async function startInProcessApp(database: Database, options: InProcessOptions = {}): Promise<InProcessApp> {
  const postgres = database === 'postgresql' ? await startTestPostgres() : undefined;
  const logger = pino({ level: options.logLevel ?? 'silent' });
  const engineEnv = loadEngineEnv({
    DATABASE_URL: postgres?.url ?? 'sqlite::memory:',
    YARDSTICK_DEMO: 'true',
    STUDIO_DIR: '/nonexistent',
    ...options.env,
  });
  const orm = await initORM(engineEnv.DATABASE_URL);
  await migrate(orm);
  await seed(orm.em.fork(), {
    demo: true,
    adminEmail: engineEnv.YARDSTICK_ADMIN_EMAIL,
    adminPassword: undefined,
    ...(options.now ? { now: options.now } : {}),
  });
  const temporal = createTemporalGateway({ address: '127.0.0.1:1', namespace: 'default', logger });
  const dispatcher = createEventDispatcher({ orm, temporal, logger });
  const enrichment = createEnrichmentWorker({
    orm,
    logger,
    dispatcher,
    options: enrichmentOptions(engineEnv),
    ...(options.enrichmentFetch ? { fetch: options.enrichmentFetch } : {}),
  });
  const schedules = createScheduleReconciler({ orm, temporal, logger });
  const reconciler = createReconcileWorker({ orm, logger, dispatcher, options: reconcileOptions(engineEnv) });
  const app = createApp({ env: engineEnv, orm, logger, temporal, dispatcher, enrichment, reconciler, schedules });

  const call = (method: string, path: string, headers: Headers, body?: unknown) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );

  const login = async (email: string, password: string): Promise<SessionHeaders> => {
    const response = await call('POST', '/api/auth/login', {}, { email, password });
    expect(response.status, `login as ${email}`).toBe(200);
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] as string, 'x-csrf-token': csrfToken };
  };
  return {
    app,
    orm,
    enrichment,
    reconciler,
    call,
    login,
    async signInAs(role, employeeName) {
      const em = orm.em.fork();
      const employee = employeeName ? await em.findOneOrFail(Employee, { name: employeeName }) : null;
      const email = `${role}-${newId().slice(0, 8)}@yardstick.test`;
      em.create(User, {
        id: newId(),
        email,
        name: employeeName ?? role,
        passwordHash: await hashPassword('secret-pass-1'),
        role,
        employee: employee?.id ?? null,
      });
      await em.flush();
      return login(email, 'secret-pass-1');
    },
    async stop() {
      await schedules.stop();
      await orm.close();
      await postgres?.stop();
    },
  };
}
