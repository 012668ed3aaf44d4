// A person who signs in to the studio or the API, optionally linked to an employee.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty, timestamps } from './base.ts';
import { Employee } from './employee.entity.ts';

/** most to least powerful */
export const USER_ROLES = ['admin', 'hr', 'manager', 'employee', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const User = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: idProperty(),
    email: p.string().unique(),
    name: p.string(),
    passwordHash: p.string().hidden(),
    role: p.string().length(16).$type<UserRole>(),
    employee: () => p.manyToOne(Employee).mapToPk().nullable(),
    /** a deactivated user cannot sign in; their sessions and tokens stop working */
    deactivatedAt: p.datetime().nullable(),
    ...timestamps(),
  },
});
export type User = InferEntity<typeof User>;
