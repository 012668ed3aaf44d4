// Prints the DDL the entities imply, for SQLite and PostgreSQL: the starting point of a migration.
// Use: node engine/src/db/print-schema.ts [sqlite|postgresql]
import { MikroORM } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { entities } from './entities/index.ts';

const kind = process.argv[2] ?? 'sqlite';
const orm =
  kind === 'postgresql'
    ? await MikroORM.init({ entities, driver: PostgreSqlDriver, dbName: 'x', connect: false } as never)
    : await MikroORM.init({ entities, driver: SqliteDriver, dbName: ':memory:' });
process.stdout.write(await orm.schema.getCreateSchemaSQL({ wrap: false }));
await orm.close(true);
