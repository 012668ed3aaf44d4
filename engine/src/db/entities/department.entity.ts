// A department; departments form a tree through `parent`.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty, timestamps } from './base.ts';

export const Department = defineEntity({
  name: 'Department',
  tableName: 'department',
  properties: {
    id: idProperty(),
    key: p.string().length(64).unique(),
    name: p.string(),
    parent: () => p.manyToOne(Department).mapToPk().nullable(),
    ...timestamps(),
  },
});
export type Department = InferEntity<typeof Department>;
