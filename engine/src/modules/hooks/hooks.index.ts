// POST /hooks/:sourceId — verify before parsing, store before answering, dispatch and enrich after.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { newId } from '../../db/entities/base.ts';
import { Delivery } from '../../db/entities/delivery.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import type { Source } from '../../db/entities/source.entity.ts';
import { WebhookNonce } from '../../db/entities/webhook-nonce.entity.ts';
import type { AppEnv, AppRouter } from '../../http/app-env.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { sha256Hex } from '../../lib/secrets.ts';
import { crmAdapters, type EnrichmentItem, type ParseResult, type RawDelivery } from './adapters/index.ts';
import { isCrmKind, sourceConfig } from './crm-api.ts';
import { parseGenericSource } from './generic.adapter.ts';
import * as routes from './hooks.routes.ts';
import { ingestDelivery } from './ingest.service.ts';
import type { NormalizedEvent } from './normalized-event.ts';
import { findSource } from './source-cache.ts';

const MAX_BODY = 1024 * 1024;

export function hooksRouter(): AppRouter {
  const router = createRouter();
  router.openAPIRegistry.registerPath(routes.receiveWebhook);
  router.openAPIRegistry.registerPath(routes.receiveSecretUrlWebhook);

  const streamedBodyLimit = bodyLimit({
    maxSize: MAX_BODY,
    onError: () => {
      throw tooLarge();
    },
  });
  // A declared length is checked from the header, leaving the body to the server's direct read (hono's bodyLimit
  // would first wrap it in a web stream, a third of a webhook's CPU); a streamed (chunked) body is counted.
  const limitBody: MiddlewareHandler<AppEnv> = async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamedBodyLimit(c, next);
    if (Number(length) > MAX_BODY) throw tooLarge();
    await next();
  };

  router.post('/hooks/:sourceId', limitBody, async (c) => {
    const em = c.get('em');
    const source = await findSource(c.get('deps'), em, c.req.param('sourceId'));
    if (!source) throw notFound('Source');
    if (isCrmKind(source.kind)) return receiveCrmDelivery(c, source, undefined);
    const raw = await c.req.text();
    const contentType = c.req.header('content-type') ?? null;
    const reject = (error: AppError) => rejectDelivery(em, source.id, contentType, raw, error);

    if (source.kind !== 'generic') {
      throw await reject(
        new AppError(422, 'webhook.kind_unsupported', `Sources of kind ${source.kind} are not supported yet`),
      );
    }
    if (source.secret && !signatureMatches(source.secret, raw, c.req.header('x-yardstick-signature'))) {
      throw await reject(
        new AppError(401, 'webhook.bad_signature', 'The X-Yardstick-Signature header does not match the body'),
      );
    }
    let parsed: Awaited<ReturnType<typeof parseGenericSource>>;
    try {
      parsed = await parseGenericSource(source, raw, { get: (name) => c.req.header(name) });
    } catch (error) {
      throw error instanceof AppError ? await reject(error) : error;
    }

    const result = await ingestDelivery(em, {
      source,
      deliveryKey: parsed.deliveryKey ?? `sha256:${sha256Hex(raw)}`,
      contentType,
      body: raw,
      events: parsed.events,
      defaultCurrency: await defaultCurrency(em, parsed.events),
      ...(parsed.skipped && parsed.skipped.length > 0 ? { skipped: parsed.skipped } : {}),
    }).catch(async (error: unknown) => {
      // a 4xx here is about the content (e.g. an amount finer than the currency allows): log it
      if (error instanceof AppError && error.status < 500) throw await reject(error);
      throw error;
    });
    const { dispatcher } = c.get('deps');
    if (result.newlyDirty > 0) void dispatcher.kick();
    c.get('log').info(
      { sourceId: source.id, status: result.status, stored: result.stored.length, duplicates: result.duplicates },
      'webhook received',
    );
    return c.json(
      {
        status: result.status,
        deliveryId: result.deliveryId,
        events: { stored: result.stored, duplicates: result.duplicates, unmapped: result.unmapped },
      },
      200,
    );
  });

  // amoCRM signs nothing: its URL carries the secret instead
  router.post('/hooks/:sourceId/:secret', limitBody, async (c) => {
    const source = await findSource(c.get('deps'), c.get('em'), c.req.param('sourceId'));
    if (source?.kind !== 'amocrm') throw notFound('Source');
    return receiveCrmDelivery(c, source, c.req.param('secret'));
  });
  return router;
}

/**
 * A CRM delivery: the adapter verifies the raw bytes, then parses them; one transaction stores the delivery,
 * its ready events and an enrichment row per hint that needs a REST re-read. The re-reads happen after the
 * answer, in the enrichment outbox.
 */
async function receiveCrmDelivery(c: Context<AppEnv>, source: Source, pathSecret: string | undefined) {
  const em = c.get('em');
  const config = sourceConfig(source);
  const adapter = crmAdapters[config.kind];
  const bytes = Buffer.from(await c.req.arrayBuffer());
  const raw = bytes.toString('utf8');
  const contentType = c.req.header('content-type') ?? null;
  const reject = (error: AppError) => rejectDelivery(em, source.id, contentType, raw, error);
  const delivery: RawDelivery = {
    method: c.req.method,
    url: publicUrl(c.get('deps').env.PUBLIC_URL, c.req.url),
    headers: c.req.header(),
    body: bytes,
    receivedAt: new Date(),
    ...(pathSecret === undefined ? {} : { pathSecret }),
  };

  const verdict = adapter.verify(config, delivery);
  if (!verdict.ok) throw await reject(new AppError(verdict.status, verdict.code, verdict.message));
  if (verdict.nonce && !(await firstUseOfNonce(em, source.id, verdict.nonce))) {
    throw await reject(
      new AppError(401, 'webhook.replayed', 'This signed request was received before (its nonce is not new)'),
    );
  }
  let parsed: ParseResult;
  try {
    parsed = adapter.parse(config, delivery);
  } catch (error) {
    throw error instanceof AppError ? await reject(error) : error;
  }

  const events = parsed.items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
  const enrichments = parsed.items.filter((item): item is EnrichmentItem => item.kind === 'enrich');
  const result = await ingestDelivery(em, {
    source,
    deliveryKey: parsed.deliveryKey ?? `sha256:${sha256Hex(bytes)}`,
    contentType,
    body: raw,
    events,
    defaultCurrency: await defaultCurrency(em, events),
    enrichments,
    skipped: parsed.skipped,
  }).catch(async (error: unknown) => {
    if (error instanceof AppError && error.status < 500) throw await reject(error);
    throw error;
  });
  const deps = c.get('deps');
  if (result.newlyDirty > 0) void deps.dispatcher.kick();
  // not awaited: the CRM gets its answer before any REST call
  if (result.enrichments.length > 0) void deps.enrichment.kick();
  c.get('log').info(
    {
      sourceId: source.id,
      kind: source.kind,
      status: result.status,
      stored: result.stored.length,
      duplicates: result.duplicates,
      enrichments: result.enrichments.length,
      skipped: parsed.skipped.length,
    },
    'webhook received',
  );
  return c.json(
    {
      status: result.status,
      deliveryId: result.deliveryId,
      events: { stored: result.stored, duplicates: result.duplicates, unmapped: result.unmapped },
      enrichments: result.enrichments.length,
    },
    200,
  );
}

/**
 * The organization's currency, which an amount without a currency is in. Read only when an event has such an
 * amount: for any other delivery the value is never used, and 'XXX' (ISO 4217: no currency) says so.
 */
async function defaultCurrency(em: EntityManager, events: NormalizedEvent[]): Promise<string> {
  if (!events.some((event) => event.amount !== null && event.currency == null)) return 'XXX';
  return (await em.findOneOrFail(Organization, { id: 1 })).currency;
}

function tooLarge(): AppError {
  return new AppError(413, 'webhook.too_large', 'The body is larger than 1 MiB');
}

/** The URL as the CRM called (and signed) it: behind a proxy, PUBLIC_URL's origin and path prefix. */
function publicUrl(base: string | undefined, requestUrl: string): string {
  if (!base) return requestUrl;
  const request = new URL(requestUrl);
  return `${base.replace(/\/$/, '')}${request.pathname}${request.search}`;
}

function signatureMatches(secret: string, raw: string, header: string | undefined): boolean {
  const given = header?.replace(/^sha256=/, '') ?? '';
  const expected = createHmac('sha256', secret).update(raw).digest('hex');
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** Remembers a signed request's nonce for its replay window; false when it was seen within it. */
async function firstUseOfNonce(
  em: EntityManager,
  sourceId: string,
  nonce: { value: string; windowMs: number },
): Promise<boolean> {
  const now = new Date();
  const fork = em.fork();
  // nonces older than the window can never match a request the timestamp check lets through
  await fork.nativeDelete(WebhookNonce, {
    source: sourceId,
    seenAt: { $lt: new Date(now.getTime() - nonce.windowMs) },
  });
  const inserted = await fork
    .createQueryBuilder(WebhookNonce)
    .insert({ id: newId(), source: sourceId, nonce: nonce.value.slice(0, 128), seenAt: now })
    .onConflict(['source', 'nonce'])
    .ignore()
    .execute('run');
  return inserted.affectedRows > 0;
}

/** Logs a refused delivery (without its events) and returns the error to throw. */
async function rejectDelivery(
  em: EntityManager,
  sourceId: string,
  contentType: string | null,
  raw: string,
  error: AppError,
): Promise<AppError> {
  await em.fork().insert(Delivery, {
    id: newId(),
    source: sourceId,
    deliveryKey: null,
    status: 'rejected',
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
    contentType,
    body: raw.slice(0, 64 * 1024),
    receivedAt: new Date(),
  });
  return error;
}
