// Columns every entity shares: a string id (UUID) and creation/update timestamps.
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
