// `SELECT … FOR UPDATE` where the database has it. PostgreSQL runs transactions side by side, so
// rows a decision depends on are locked; SQLite serializes writers and has no FOR UPDATE.
import { LockMode } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/sql';

export function forUpdate(em: EntityManager): { lockMode?: LockMode.PESSIMISTIC_WRITE } {
  return em.getPlatform() instanceof PostgreSqlPlatform ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
}
