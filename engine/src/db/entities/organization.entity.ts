// The organization's settings: one row. Currency and time zone decide how money and periods read.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { timestamps } from './base.ts';

export const Organization = defineEntity({
  name: 'Organization',
  tableName: 'organization',
  properties: {
    id: p.integer().primary(),
    name: p.string(),
    currency: p.string().length(3),
    timeZone: p.string(),
    locale: p.string().length(8).default('ru'),
    ...timestamps(),
  },
});
export type Organization = InferEntity<typeof Organization>;
