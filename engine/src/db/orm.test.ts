import { describe, expect, it } from 'vitest';
import { initORM, migrate, parseDatabaseUrl } from './orm.ts';

describe('database', () => {
  it('migrates an empty SQLite database to exactly the schema the entities describe', async () => {
    const orm = await initORM('sqlite::memory:');
    try {
      await migrate(orm);
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
      await migrate(orm); // a second start applies nothing and does not fail
    } finally {
      await orm.close();
    }
  });

  it('reads SQLite and PostgreSQL URLs and refuses anything else with a clear message', () => {
    expect(parseDatabaseUrl('sqlite:.data/y.db')).toEqual({ kind: 'sqlite', location: '.data/y.db' });
    expect(parseDatabaseUrl('postgres://u:p@h:5432/db').kind).toBe('postgresql');
    expect(() => parseDatabaseUrl('mysql://x')).toThrow(/DATABASE_URL must start with sqlite: or postgres/);
  });
});
