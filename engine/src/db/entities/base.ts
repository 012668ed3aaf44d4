// Columns every entity shares: a string id (UUID) and creation/update timestamps.
// Enumerations are plain strings typed in TypeScript and validated at the API (zod), not SQL CHECK
// constraints: on SQLite, changing a CHECK means rebuilding the table, which would cascade-delete
// the rows that reference it.
import { randomUUID } from 'node:crypto';
import { p } from '@mikro-orm/core';

export const newId = (): string => randomUUID();

export const idProperty = () =>
  p
    .string()
    .length(64)
    .primary()
    .onCreate(() => newId());

export const timestamps = () => ({
  createdAt: p.datetime().onCreate(() => new Date()),
  updatedAt: p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date()),
});
