// The browsable API docs at /api/docs: Swagger UI served from the installed swagger-ui-dist package,
// so it works on machines without internet access (the default would load it from a CDN).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { swaggerUI } from '@hono/swagger-ui';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';

const ASSETS = '/api/docs/assets';
const distDir = dirname(fileURLToPath(import.meta.resolve('swagger-ui-dist/package.json')));
const FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

export function mountApiDocs(app: OpenAPIHono<AppEnv>): void {
  app.get('/api/docs', swaggerUI({ url: '/openapi.json', title: 'Yardstick API', baseUrl: ASSETS }));
  app.get(`${ASSETS}/swagger-ui-dist/:file`, (c) => {
    const file = c.req.param('file');
    const type = FILES[file];
    if (!type) return c.json({ error: { code: 'not_found', message: `No asset ${file}` } }, 404);
    return c.body(readFileSync(join(distDir, file)), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    });
  });
}
