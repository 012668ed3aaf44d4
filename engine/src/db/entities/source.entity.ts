// A CRM (or any JSON sender) that posts webhooks to /hooks/:id.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty, timestamps } from './base.ts';

export const SOURCE_KINDS = ['generic', 'bitrix24', 'amocrm', 'hubspot', 'pipedrive', 'twenty'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const Source = defineEntity({
  name: 'Source',
  tableName: 'source',
  properties: {
    id: idProperty(),
    name: p.string(),
    kind: p.string().length(16).$type<SourceKind>(),
    /** shared secret for signatures; null means the source accepts unsigned deliveries */
    secret: p.string().nullable().hidden(),
    settings: p.json<Record<string, unknown>>().default('{}'),
    ...timestamps(),
  },
});
export type Source = InferEntity<typeof Source>;
