// Registers CRM sources and shows each one's delivery log (accepted and rejected, with the reason).
import type { FilterQuery } from '@mikro-orm/core';
import { newId } from '../../db/entities/base.ts';
import { Delivery } from '../../db/entities/delivery.entity.ts';
import { Event } from '../../db/entities/event.entity.ts';
import { Source } from '../../db/entities/source.entity.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newToken } from '../../lib/secrets.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as routes from './sources.routes.ts';

// Kinds whose deliveries are verified with a shared secret; a source of such a kind gets one by default.
const SIGNING_KINDS = new Set(['generic', 'hubspot', 'twenty', 'amocrm']);

export function sourcesRouter(): AppRouter {
  const router = createRouter();
  router.use('/api/sources', requirePermission('sources.manage'));
  router.use('/api/sources/*', requirePermission('sources.manage'));

  const baseUrl = (c: { get(key: 'deps'): { env: { PUBLIC_URL?: string | undefined } } }, requestUrl: string) =>
    c.get('deps').env.PUBLIC_URL ?? new URL(requestUrl).origin;

  const toDto = (source: Source, base: string) => ({
    id: source.id,
    name: source.name,
    kind: source.kind,
    signed: source.secret !== null && source.secret !== undefined,
    settings: source.settings,
    url: `${base}/hooks/${source.id}`,
    createdAt: source.createdAt.toISOString(),
  });

  router.openapi(routes.createSource, async (c) => {
    const body = c.req.valid('json');
    const em = c.get('em');
    if (body.kind !== 'generic') {
      // the CRM-specific adapters are not wired to /hooks yet; a source whose deliveries would all be
      // refused must not look ready
      throw new AppError(422, 'source.kind_unsupported', `Sources of kind ${body.kind} are not supported yet`, [
        { path: '/kind', message: 'only generic is supported in this version' },
      ]);
    }
    const id = body.id ?? newId();
    if (await em.findOne(Source, { id })) {
      throw new AppError(409, 'source.exists', `A source with id "${id}" exists already`, [
        { path: '/id', message: 'taken' },
      ]);
    }
    const secret = body.secret ?? (SIGNING_KINDS.has(body.kind) ? newToken('whsec') : null);
    const source = em.create(Source, { id, name: body.name, kind: body.kind, secret, settings: body.settings ?? {} });
    recordAudit(em, principalOf(c), 'source.create', 'source', id, null, { name: body.name, kind: body.kind });
    await em.flush();
    const base = baseUrl(c, c.req.url);
    return c.json({ ...toDto(source, base), secret }, 201);
  });

  router.openapi(routes.listSources, async (c) => {
    const sources = await c.get('em').find(Source, {}, { orderBy: { createdAt: 'asc' } });
    const base = baseUrl(c, c.req.url);
    return c.json({ items: sources.map((s) => toDto(s, base)) }, 200);
  });

  router.openapi(routes.getSource, async (c) => {
    const source = await c.get('em').findOne(Source, { id: c.req.valid('param').id });
    if (!source) throw notFound('Source');
    return c.json(toDto(source, baseUrl(c, c.req.url)), 200);
  });

  router.openapi(routes.listDeliveries, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    const em = c.get('em');
    if (!(await em.findOne(Source, { id }))) throw notFound('Source');
    const where: FilterQuery<Delivery> = { source: id };
    if (query.status) where.status = query.status;
    if (query.before) where.receivedAt = { $lt: new Date(query.before) };
    const deliveries = await em.find(Delivery, where, {
      orderBy: { receivedAt: 'desc', id: 'asc' },
      limit: query.limit,
    });
    const counts = new Map<string, number>();
    if (deliveries.length > 0) {
      const events = await em.find(
        Event,
        { delivery: { $in: deliveries.map((d) => d.id) } },
        { fields: ['id', 'delivery'] },
      );
      for (const event of events) counts.set(event.delivery as string, (counts.get(event.delivery as string) ?? 0) + 1);
    }
    return c.json(
      {
        items: deliveries.map((d) => ({
          id: d.id,
          status: d.status,
          deliveryKey: d.deliveryKey ?? null,
          error: d.error ?? null,
          contentType: d.contentType ?? null,
          receivedAt: d.receivedAt.toISOString(),
          events: counts.get(d.id) ?? 0,
        })),
      },
      200,
    );
  });

  return router;
}
