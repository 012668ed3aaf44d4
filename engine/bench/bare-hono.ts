// The upper limit the ingestion benchmark compares with: a bare @hono/node-server process that reads each
// webhook body and answers 200, storing nothing. Started by ingest.ts with PORT set.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/hooks/:sourceId', async (c) => {
  await c.req.text();
  return c.json({ status: 'accepted' }, 200);
});
app.get('/api/health', (c) => c.json({ status: 'ok' }, 200));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
