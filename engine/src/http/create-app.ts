// Wires the HTTP app once: request ids, logging, a forked entity manager per request, the caller's
// identity, every feature router, the OpenAPI document and its UI, the studio, and error handling.
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { AppError } from '../lib/errors.ts';
import { alertsRouter } from '../modules/alerts/alerts.index.ts';
import { auditRouter } from '../modules/audit/audit.index.ts';
import { authRouter } from '../modules/auth/auth.index.ts';
import { backtestsRouter } from '../modules/backtests/backtests.index.ts';
import { eventsRouter } from '../modules/events/events.index.ts';
import { healthRouter } from '../modules/health/health.index.ts';
import { hooksRouter } from '../modules/hooks/hooks.index.ts';
import { metricsRouter } from '../modules/kpi/metrics.index.ts';
import { plansRouter } from '../modules/kpi/plans.index.ts';
import { progressRouter } from '../modules/kpi/progress.index.ts';
import { ledgerRouter } from '../modules/ledger/ledger.index.ts';
import { reviewsRouter } from '../modules/ledger/reviews.index.ts';
import { notificationsRouter } from '../modules/notifications/notifications.index.ts';
import { organizationRouter } from '../modules/organization/organization.index.ts';
import { departmentsRouter } from '../modules/people/departments.index.ts';
import { employeesRouter } from '../modules/people/employees.index.ts';
import { teamsRouter } from '../modules/people/teams.index.ts';
import { pilotRouter } from '../modules/pilot/pilot.index.ts';
import { schemeRunsRouter } from '../modules/scheme-runs/scheme-runs.index.ts';
import { schemesRouter } from '../modules/schemes/schemes.index.ts';
import { sourcesRouter } from '../modules/sources/sources.index.ts';
import { userMappingsRouter } from '../modules/sources/user-mappings.index.ts';
import { tokensRouter } from '../modules/tokens/tokens.index.ts';
import { usersRouter } from '../modules/users/users.index.ts';
import { serveStudio } from '../studio/serve-studio.ts';
import { mountApiDocs } from './api-docs.ts';
import type { AppDeps, AppEnv } from './app-env.ts';
import { identify, requireCsrfToken } from './auth.middleware.ts';

export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Yardstick API',
    version: '0.1.0',
    description: 'KPI automation: CRM webhooks in, rule evaluation in Temporal, alerts and bonus records out.',
  },
};

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.use(requestId());
  app.use(async function provideRequestScope(c, next) {
    const log = deps.logger.child({ requestId: c.get('requestId') });
    c.set('deps', deps);
    c.set('log', log);
    c.set('em', deps.orm.em.fork());
    const started = performance.now();
    await next();
    const path = c.req.path;
    if (path.startsWith('/api/') || path.startsWith('/hooks/')) {
      // health probes arrive every few seconds from orchestrators; they would drown the log
      log[path === '/api/health' && c.res.status === 200 ? 'debug' : 'info'](
        { method: c.req.method, path, status: c.res.status, ms: Math.round(performance.now() - started) },
        'request',
      );
    }
  });
  app.use('/api/*', identify());
  app.use('/api/*', requireCsrfToken());

  for (const router of [
    healthRouter(),
    authRouter(),
    tokensRouter(),
    alertsRouter(),
    eventsRouter(),
    sourcesRouter(),
    userMappingsRouter(),
    hooksRouter(),
    metricsRouter(),
    plansRouter(),
    progressRouter(),
  ]) {
    app.route('/', router);
  }
  for (const router of [
    organizationRouter(),
    departmentsRouter(),
    teamsRouter(),
    employeesRouter(),
    usersRouter(),
    auditRouter(),
  ]) {
    app.route('/', router);
  }
  for (const router of [
    schemesRouter(),
    schemeRunsRouter(),
    ledgerRouter(),
    reviewsRouter(),
    pilotRouter(),
    backtestsRouter(),
    notificationsRouter(),
  ]) {
    app.route('/', router);
  }

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token from POST /api/tokens',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'ys_session',
    description: 'The studio session from POST /api/auth/login; writes also need the X-CSRF-Token header',
  });
  app.doc31('/openapi.json', OPENAPI_INFO);
  mountApiDocs(app);

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/hooks/')) {
      return c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404);
    }
    return serveStudio(c, deps.env.STUDIO_DIR);
  });

  app.onError((error, c) => {
    if (error instanceof AppError) return c.json(error.toBody(), error.status);
    if (error instanceof HTTPException) {
      return c.json({ error: { code: `http.${error.status}`, message: error.message } }, error.status);
    }
    c.get('log')?.error({ err: error }, 'unhandled error');
    return c.json({ error: { code: 'internal', message: 'Internal error; see the engine log' } }, 500);
  });

  return app;
}
