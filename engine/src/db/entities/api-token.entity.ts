// A bearer token for scripts; only its SHA-256 is stored, the token itself is shown once.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { User, type UserRole } from './user.entity.ts';

export const ApiToken = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: idProperty(),
    name: p.string(),
    tokenHash: p.string().length(64).unique(),
    role: p.string().length(16).$type<UserRole>(),
    createdBy: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type ApiToken = InferEntity<typeof ApiToken>;
