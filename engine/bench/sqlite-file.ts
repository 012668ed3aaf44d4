// What benchmarks share: reading a SQLite file directly (better-sqlite3, which @mikro-orm/sqlite installs), to
// check results without going through the engine, and the line that says which machine measured.
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';

export interface SqliteDatabase {
  prepare(sql: string): { all(...params: unknown[]): Record<string, unknown>[] };
  close(): void;
}

const require = createRequire(import.meta.url);
export const BetterSqlite = require('better-sqlite3') as new (
  file: string,
  options?: { readonly?: boolean },
) => SqliteDatabase;

/** The machine a benchmark ran on, with its load: the figures beside it mean little without it. */
export function machineLine(): string {
  const cpu = cpus();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `\nMachine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load ${load}`;
}
