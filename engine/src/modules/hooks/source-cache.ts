// Webhooks find their source in memory: a source changes only through the sources API, which forgets it here,
// so the next delivery reads it again. The time bound covers changes made on another engine replica (or by hand):
// those are seen within SOURCE_TTL_MS. One cache per app (its dependencies), so apps in one process never mix.
import type { EntityManager } from '@mikro-orm/sql';
import { Source } from '../../db/entities/source.entity.ts';

export const SOURCE_TTL_MS = 10_000;

type Cache = Map<string, { source: Source; until: number }>;
const caches = new WeakMap<object, Cache>();

function cacheOf(app: object): Cache {
  let cache = caches.get(app);
  if (!cache) {
    cache = new Map();
    caches.set(app, cache);
  }
  return cache;
}

/** The source, from memory when read less than SOURCE_TTL_MS ago; an unknown id is never kept. */
export async function findSource(app: object, em: EntityManager, id: string): Promise<Source | null> {
  const cache = cacheOf(app);
  const kept = cache.get(id);
  if (kept && kept.until > Date.now()) return kept.source;
  const source = await em.fork().findOne(Source, { id });
  if (source) cache.set(id, { source, until: Date.now() + SOURCE_TTL_MS });
  else cache.delete(id);
  return source;
}

/** Call after a source changed (settings, secret): its next delivery reads it again. */
export function forgetSource(app: object, id: string): void {
  cacheOf(app).delete(id);
}
