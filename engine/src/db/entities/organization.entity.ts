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
    /** ISO weekday numbers that are days off (1 = Monday … 7 = Sunday) */
    weekend: p.json<number[]>().default('[6,7]'),
    ...timestamps(),
  },
});
export type Organization = InferEntity<typeof Organization>;
