import { describe, expect, it } from 'vitest';
import { PERMISSIONS as ENGINE_PERMISSIONS } from '../../../../engine/src/http/permissions.ts';
import { roleHas } from './permissions.ts';

describe('roleHas', () => {
  it('lets exactly the roles the engine allows manage CRM sources', () => {
    for (const role of ['admin', 'hr', 'manager', 'employee', 'viewer']) {
      expect(roleHas(role, 'sources.manage'), role).toBe(
        (ENGINE_PERMISSIONS['sources.manage'] as readonly string[]).includes(role),
      );
    }
  });
});
