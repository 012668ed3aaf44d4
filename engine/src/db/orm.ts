// Opens the database: SQLite (a file, or memory for tests) or PostgreSQL, picked by the URL.
// Shared by the engine, the worker and the tests; the schema changes only through migrations.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { AbstractSqlDriver, EntityManager } from '@mikro-orm/sql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { entities } from './entities/index.ts';
import { migrationsList } from './migrations/index.ts';

export type Orm = MikroORM<AbstractSqlDriver, EntityManager>;

export interface DatabaseTarget {
  kind: 'sqlite' | 'postgresql';
  /** a file path or ':memory:' for SQLite, a connection URL for PostgreSQL */
  location: string;
}

/** `sqlite:<path>`, `sqlite::memory:`, `postgres://…` or `postgresql://…`. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', location: url.slice('sqlite:'.length) || ':memory:' };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgresql', location: url };
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url}")`);
}

/**
 * A SQLite file keeps a write-ahead log and syncs it to disk at checkpoints, not at every commit: a commit
 * survives the engine's crash (the log is in the file before the answer), while an OS crash or power cut
 * may undo the last commits. A sync per commit would cap webhook ingestion at a few hundred per second
 * on an ordinary disk (engine/bench/ingest.ts).
 */
const SQLITE_FILE_PRAGMAS = [
  'pragma journal_mode = wal',
  'pragma synchronous = normal',
  // the event table's B-trees outgrow SQLite's default 2 MiB page cache quickly; reading pages again through
  // system calls was a large part of each webhook's cost
  'pragma cache_size = -65536',
  'pragma mmap_size = 268435456',
  // a checkpoint (copying the log into the file, with a sync) every 40 MiB of log instead of every 4 MiB
  'pragma wal_autocheckpoint = 10000',
];

export async function initORM(databaseUrl: string, overrides: Partial<Options> = {}): Promise<Orm> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === 'sqlite' && target.location !== ':memory:') {
    mkdirSync(dirname(target.location), { recursive: true });
  }
  const common: Partial<Options> = {
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    ensureDatabase: false,
    allowGlobalContext: false,
    debug: false,
    ...overrides,
  };
  // The ORM is typed for the generic driver: the code above the driver layer is dialect-neutral.
  const options =
    target.kind === 'sqlite'
      ? {
          ...common,
          driver: SqliteDriver,
          dbName: target.location,
          ...(target.location === ':memory:' ? {} : { onCreateConnection: applyPragmas }),
        }
      : { ...common, driver: PostgreSqlDriver, clientUrl: target.location };
  return (await MikroORM.init(options as Options)) as Orm;
}

// The driver's (Kysely's) connection runs a compiled query given as SQL and parameters.
async function applyPragmas(connection: unknown): Promise<void> {
  const sqlite = connection as { executeQuery(query: { sql: string; parameters: unknown[] }): Promise<unknown> };
  for (const sql of SQLITE_FILE_PRAGMAS) await sqlite.executeQuery({ sql, parameters: [] });
}

/** Applies pending migrations; safe to call on every start. Returns the names it applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}

export function isPostgres(orm: Orm): boolean {
  return orm.config.get('driver') === PostgreSqlDriver;
}
