// Every route the engine serves under /api and /hooks is in /openapi.json with a 2xx and the errors
// it can answer: 401 when it needs a caller, 403 when a role or a missing CSRF token can be refused,
// 422 when a body or query is validated. What "can answer" means is found by asking the app itself.
import { inspectRoutes } from 'hono/dev';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessApp, type SessionHeaders, startInProcessApp } from '../../test/in-process-app.ts';
import type { UserRole } from '../db/entities/user.entity.ts';

interface Operation {
  responses: Record<string, unknown>;
  requestBody?: unknown;
  parameters?: { in: string; name: string }[];
}
type Document = { paths: Record<string, Record<string, Operation>> };

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const ROLES: UserRole[] = ['admin', 'hr', 'manager', 'employee', 'viewer'];

/** `/api/schemes/:id/versions/:v` → `/api/schemes/{id}/versions/{v}` */
const openApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
/** a concrete path naming nothing that exists, so no probe reaches a record */
const probePath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, 'no-such-$1');

describe('OpenAPI document', () => {
  let app: InProcessApp;
  let doc: Document;
  const sessions = {} as Record<UserRole, SessionHeaders>;

  beforeAll(async () => {
    app = await startInProcessApp('sqlite');
    doc = (await (await app.app.request('/openapi.json')).json()) as Document;
    sessions.admin = await app.login('admin@yardstick.demo', 'demo-admin');
    sessions.manager = await app.login('manager@yardstick.demo', 'demo-manager');
    sessions.employee = await app.login('employee@yardstick.demo', 'demo-employee');
    for (const role of ['hr', 'viewer'] as const) {
      const created = await app.call('POST', '/api/users', sessions.admin, {
        email: `${role}@openapi.test`,
        name: role,
        password: `${role}-password`,
        role,
      });
      expect(created.status).toBe(201);
      sessions[role] = await app.login(`${role}@openapi.test`, `${role}-password`);
    }
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** the method + path of every handler (guards and validators are middleware), docs assets excluded */
  const served = () => {
    const routes = new Map<string, { method: string; path: string }>();
    for (const r of inspectRoutes(app.app)) {
      if (r.isMiddleware) continue;
      if (!(r.path.startsWith('/api/') || r.path.startsWith('/hooks/'))) continue;
      if (r.path === '/api/docs' || r.path.startsWith('/api/docs/')) continue;
      routes.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
    }
    return [...routes.values()];
  };

  it('lists every route the engine serves, with a 2xx and its error responses', async () => {
    const routes = served();
    expect(routes.length).toBeGreaterThan(60);
    const problems: string[] = [];
    for (const { method, path } of routes) {
      const label = `${method} ${openApiPath(path)}`;
      const operation = doc.paths[openApiPath(path)]?.[method.toLowerCase()];
      if (!operation) {
        problems.push(`${label}: not in the document`);
        continue;
      }
      const documented = new Set(Object.keys(operation.responses));
      const missing: string[] = [];
      if (![...documented].some((s) => /^2\d\d$/.test(s))) missing.push('a 2xx');

      // a body is never sent, so a probe that passes the guards stops at validation or a 404
      const probe = async (headers: Record<string, string>) =>
        (await app.call(method, probePath(path), headers, SAFE.has(method) ? undefined : {})).status;
      const guarded = path.startsWith('/api/') && (await probe({})) === 401;
      if (guarded && !documented.has('401')) missing.push('401');
      if (guarded && !documented.has('403')) {
        // a write by a studio session without its CSRF token is a 403; a read only when a role is refused
        let refusable = !SAFE.has(method);
        for (const role of ROLES) refusable ||= (await probe(sessions[role])) === 403;
        if (refusable) missing.push('403');
      }
      const validated =
        operation.requestBody !== undefined || (operation.parameters ?? []).some((p) => p.in === 'query');
      if (validated && !documented.has('422')) missing.push('422');
      if (missing.length > 0) problems.push(`${label}: no ${missing.join(', ')}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('documents no route the engine does not serve', () => {
    const servedKeys = new Set(served().map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`));
    const stale = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => !servedKeys.has(`${method} ${path}`))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(stale, stale.join('\n')).toEqual([]);
  });
});
