// Columns every entity shares: a string id (UUID) and creation/update timestamps.
// Enumerations are plain strings typed in TypeScript and validated at the API (zod), not SQL CHECK
// constraints: on SQLite, changing a CHECK means rebuilding the table, which would cascade-delete
// the rows that reference it.
import { randomUUID } from 'node:crypto';
import { p } from '@mikro-orm/core';

export const newId = (): string => randomUUID();

/**
 * A UUID version 7: the time in milliseconds, then random bits. Rows inserted at a high rate (webhook deliveries
 * and their events) get ids that sort by time, so their primary-key B-tree grows at one end instead of dirtying
 * pages all over it on every commit.
 */
export function newTimeOrderedId(now = Date.now()): string {
  const hex = randomUUID().replace(/-/g, '');
  const time = now.toString(16).padStart(12, '0').slice(-12);
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

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
