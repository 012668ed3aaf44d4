// Who changed what, before and after, and when.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';

export const AuditLog = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  indexes: [{ properties: ['entity', 'at'] }],
  properties: {
    id: idProperty(),
    /** `user:<id>`, `token:<id>` or `system` */
    actor: p.string(),
    action: p.string().length(64),
    entity: p.string().length(64),
    entityId: p.string().length(64),
    before: p.json<unknown>().nullable(),
    after: p.json<unknown>().nullable(),
    at: p.datetime().onCreate(() => new Date()),
  },
});
export type AuditLog = InferEntity<typeof AuditLog>;
