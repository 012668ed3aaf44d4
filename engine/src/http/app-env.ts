// What every request handler can reach: the per-request entity manager, the caller and the services.

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/sql';
import type { UserRole } from '../db/entities/user.entity.ts';
import type { Orm } from '../db/orm.ts';
import type { EngineEnv } from '../env.ts';
import type { Logger } from '../lib/logger.ts';
import type { EventDispatcher } from '../modules/events/event-dispatcher.ts';
import type { EnrichmentWorker } from '../modules/hooks/enrichment-worker.ts';
import type { ReconcileWorker } from '../modules/hooks/reconcile-worker.ts';
import type { ScheduleReconciler } from '../modules/schedules/schedule-reconciler.ts';
import type { TemporalGateway } from '../temporal/temporal-gateway.ts';

export interface Principal {
  kind: 'user' | 'token';
  userId: string;
  email: string;
  name: string;
  role: UserRole;
  /** the employee this user is, when linked (managers and employees are) */
  employeeId: string | null;
  /** the token's id when kind is 'token', the session digest when 'user' */
  credentialId: string;
}

export interface AppDeps {
  env: EngineEnv;
  orm: Orm;
  logger: Logger;
  temporal: TemporalGateway;
  dispatcher: EventDispatcher;
  enrichment: EnrichmentWorker;
  reconciler: ReconcileWorker;
  /** makes the scheme versions' Temporal Schedules converge to the database */
  schedules: ScheduleReconciler;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    em: EntityManager;
    log: Logger;
    requestId: string;
    principal: Principal | undefined;
  };
}

export type AppRouter = OpenAPIHono<AppEnv>;
