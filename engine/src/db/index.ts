// The database layer, shared with the worker's activities: the ORM, entities and migrations.
export * from './entities/index.ts';
export { initORM, isPostgres, migrate, type Orm, parseDatabaseUrl } from './orm.ts';
