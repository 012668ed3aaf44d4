// Registers CRM sources and shows each one's delivery log (accepted and rejected, with the reason).
import type { FilterQuery } from '@mikro-orm/core';
import { newId } from '../../db/entities/base.ts';
import { Delivery } from '../../db/entities/delivery.entity.ts';
import { Enrichment } from '../../db/entities/enrichment.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { Source } from '../../db/entities/source.entity.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordAudit, recordAuditOfChange } from '../audit/audit.service.ts';
import { dryRunDelivery } from '../hooks/dry-run.service.ts';
import { forgetSource } from '../hooks/source-cache.ts';
import { redactSettings, requestedSettings, sourceSecret, validateSourceSettings } from './source-settings.ts';
import * as routes from './sources.routes.ts';

export function sourcesRouter(): AppRouter {
  const router = createRouter();
  router.use('/api/sources', requirePermission('sources.manage'));
  router.use('/api/sources/*', requirePermission('sources.manage'));

  const baseUrl = (c: { get(key: 'deps'): { env: { PUBLIC_URL?: string | undefined } } }, requestUrl: string) =>
    c.get('deps').env.PUBLIC_URL ?? new URL(requestUrl).origin;

  // amoCRM signs nothing, so its URL carries the secret; it is shown only when the secret is
  const toDto = (source: Source, base: string, secret?: string | null) => ({
    id: source.id,
    name: source.name,
    kind: source.kind,
    signed: source.secret !== null && source.secret !== undefined,
    settings: redactSettings(source.settings ?? {}),
    url:
      source.kind === 'amocrm'
        ? `${base}/hooks/${source.id}/${secret ? encodeURIComponent(secret) : '{secret}'}`
        : `${base}/hooks/${source.id}`,
    createdAt: source.createdAt.toISOString(),
  });

  router.openapi(routes.createSource, async (c) => {
    const body = c.req.valid('json');
    const em = c.get('em');
    validateSourceSettings(body.kind, body.settings ?? {});
    const secret = sourceSecret(body.kind, body.secret);
    const id = body.id ?? newId();
    if (await em.findOne(Source, { id })) {
      throw new AppError(409, 'source.exists', `A source with id "${id}" exists already`, [
        { path: '/id', message: 'taken' },
      ]);
    }
    const source = em.create(Source, { id, name: body.name, kind: body.kind, secret, settings: body.settings ?? {} });
    recordAudit(em, principalOf(c), 'source.create', 'source', id, null, { name: body.name, kind: body.kind });
    await em.flush();
    const base = baseUrl(c, c.req.url);
    return c.json({ ...toDto(source, base, secret), secret }, 201);
  });

  router.openapi(routes.listSources, async (c) => {
    const em = c.get('em');
    const sources = await em.find(Source, {}, { orderBy: { createdAt: 'asc' } });
    const base = baseUrl(c, c.req.url);
    const { reconciler } = c.get('deps');
    const items = await Promise.all(
      sources.map(async (s) => ({ ...toDto(s, base), reconciliation: await reconciler.status(em, s) })),
    );
    return c.json({ items }, 200);
  });

  router.openapi(routes.getSource, async (c) => {
    const em = c.get('em');
    const source = await em.findOne(Source, { id: c.req.valid('param').id });
    if (!source) throw notFound('Source');
    const reconciliation = await c.get('deps').reconciler.status(em, source);
    return c.json({ ...toDto(source, baseUrl(c, c.req.url)), reconciliation }, 200);
  });

  router.openapi(routes.reconcileSource, async (c) => {
    return c.json(await c.get('deps').reconciler.reconcile(c.req.valid('param').id), 200);
  });

  router.openapi(routes.listDeliveries, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    const em = c.get('em');
    if (!(await em.findOne(Source, { id }))) throw notFound('Source');
    const where: FilterQuery<Delivery> = { source: id };
    if (query.status) where.status = query.status;
    if (query.before) where.receivedAt = { $lt: new Date(query.before) };
    if (query.cursor) {
      // newest first, then by id: the page goes on after (receivedAt, id) of the last delivery shown
      const after = readCursor(query.cursor);
      where.$or = [{ receivedAt: { $lt: after.receivedAt } }, { receivedAt: after.receivedAt, id: { $gt: after.id } }];
    }
    const page = await em.find(Delivery, where, {
      orderBy: { receivedAt: 'desc', id: 'asc' },
      limit: query.limit + 1,
    });
    const deliveries = page.slice(0, query.limit);
    const last = deliveries.at(-1);
    const next = page.length > query.limit && last ? writeCursor(last) : null;
    const counts = new Map<string, number>();
    const enrichments = new Map<string, Enrichment[]>();
    if (deliveries.length > 0) {
      const ids = deliveries.map((d) => d.id);
      const events = await em.find(Event, { delivery: { $in: ids } }, { fields: ['id', 'delivery'] });
      for (const event of events) counts.set(event.delivery as string, (counts.get(event.delivery as string) ?? 0) + 1);
      const rows = await em.find(Enrichment, { delivery: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      for (const row of rows) enrichments.set(row.delivery, [...(enrichments.get(row.delivery) ?? []), row]);
    }
    return c.json(
      {
        items: deliveries.map((d) => ({
          id: d.id,
          status: d.status,
          deliveryKey: d.deliveryKey ?? null,
          duplicateOf: d.duplicateOf ?? null,
          error: d.error ?? null,
          contentType: d.contentType ?? null,
          receivedAt: d.receivedAt.toISOString(),
          events: counts.get(d.id) ?? 0,
          skipped: d.skipped ?? [],
          enrichments: (enrichments.get(d.id) ?? []).map(enrichmentDto),
        })),
        next,
      },
      200,
    );
  });

  router.openapi(routes.replayEnrichment, async (c) => {
    const { id, enrichmentId } = c.req.valid('param');
    const em = c.get('em');
    const row = await em.findOne(Enrichment, { id: enrichmentId, source: id });
    if (!row) throw notFound('Enrichment');
    if (row.status === 'done') {
      throw new AppError(409, 'enrichment.done', 'This re-read succeeded already; there is nothing to replay');
    }
    const before = { status: row.status, attempts: row.attempts, lastError: row.lastError ?? null };
    row.status = 'pending';
    row.attempts = 0;
    row.nextAttemptAt = new Date();
    recordAudit(em, principalOf(c), 'enrichment.replay', 'enrichment', row.id, before, { status: 'pending' });
    await em.flush();
    void c.get('deps').enrichment.kick();
    return c.json(enrichmentDto(row), 202);
  });

  router.openapi(routes.updateSource, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const em = c.get('em');
    const source = await em.findOne(Source, { id });
    if (!source) throw notFound('Source');
    const settings = requestedSettings(source, body.settings);
    const before = { name: source.name, settings: Object.keys(source.settings ?? {}) };
    if (body.name !== undefined) source.name = body.name;
    if (settings !== undefined) source.settings = settings;
    // setting values may hold CRM credentials (a Bitrix24 webhook URL): the audit names the keys only
    recordAuditOfChange(em, principalOf(c), 'source.update', 'source', id, before, {
      name: source.name,
      settings: Object.keys(source.settings ?? {}),
      ...(body.settings === undefined ? {} : { settingsReplaced: true }),
    });
    await em.flush();
    forgetSource(c.get('deps'), id);
    return c.json(toDto(source, baseUrl(c, c.req.url)), 200);
  });

  router.openapi(routes.rotateSourceSecret, async (c) => {
    const { id } = c.req.valid('param');
    const given = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    const em = c.get('em');
    const source = await em.findOne(Source, { id });
    if (!source) throw notFound('Source');
    const secret = sourceSecret(source.kind, given.secret);
    source.secret = secret;
    recordAudit(em, principalOf(c), 'source.rotate_secret', 'source', id, null, {
      generated: given.secret === undefined,
    });
    await em.flush();
    forgetSource(c.get('deps'), id);
    return c.json({ ...toDto(source, baseUrl(c, c.req.url), secret), secret }, 200);
  });

  router.openapi(routes.testSource, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const em = c.get('em');
    const source = await em.findOne(Source, { id });
    if (!source) throw notFound('Source');
    const settings = requestedSettings(source, body.settings);
    const base = baseUrl(c, c.req.url);
    const result = await dryRunDelivery(em, source, {
      body: body.body,
      contentType: body.contentType ?? 'application/json',
      url: toDto(source, base).url,
      settings,
    });
    return c.json(result, 200);
  });

  return router;
}

/** The delivery log's cursor: the receipt time and id of the last delivery shown, opaque to clients. */
function writeCursor(delivery: Delivery): string {
  return Buffer.from(`${delivery.receivedAt.toISOString()}|${delivery.id}`).toString('base64url');
}

function readCursor(cursor: string): { receivedAt: Date; id: string } {
  const [time = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const receivedAt = new Date(time);
  if (Number.isNaN(receivedAt.getTime()) || id === '') {
    throw new AppError(422, 'validation.failed', 'The cursor is not one this API gave', [
      { path: '/cursor', message: 'use `next` of the previous page' },
    ]);
  }
  return { receivedAt, id };
}

function enrichmentDto(row: Enrichment) {
  const item = row.item as { object?: unknown; id?: unknown };
  return {
    id: row.id,
    object: String(item.object ?? ''),
    objectId: String(item.id ?? ''),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastError: row.lastError ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
