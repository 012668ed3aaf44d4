// Reads a benchmark's SQLite file directly (better-sqlite3, which @mikro-orm/sqlite installs), to check results
// without going through the engine.
import { createRequire } from 'node:module';

export interface SqliteDatabase {
  prepare(sql: string): { all(...params: unknown[]): Record<string, unknown>[] };
  close(): void;
}

const require = createRequire(import.meta.url);
export const BetterSqlite = require('better-sqlite3') as new (
  file: string,
  options?: { readonly?: boolean },
) => SqliteDatabase;
