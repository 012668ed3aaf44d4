// A motivation scheme (KPI card). Its content lives in immutable SchemeVersions.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty, timestamps } from './base.ts';

export const Scheme = defineEntity({
  name: 'Scheme',
  tableName: 'scheme',
  properties: {
    id: idProperty(),
    name: p.json<{ en: string; ru: string }>(),
    description: p.json<{ en: string; ru: string }>().nullable(),
    ...timestamps(),
  },
});
export type Scheme = InferEntity<typeof Scheme>;
