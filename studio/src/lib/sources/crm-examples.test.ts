import { describe, expect, it } from 'vitest';
import { SOURCE_KINDS } from '../api/types.ts';
import { exampleBody } from './crm-examples.ts';

const now = new Date('2026-12-03T10:00:00Z');

describe('example bodies', () => {
  it('has one for every kind, as its CRM sends it (form or JSON)', () => {
    for (const kind of SOURCE_KINDS) {
      const body = exampleBody({ kind, settings: {} }, now);
      if (kind === 'bitrix24' || kind === 'amocrm') expect(new URLSearchParams(body).size, kind).toBeGreaterThan(3);
      else expect(() => JSON.parse(body), kind).not.toThrow();
    }
  });

  it('names the account the source is set up for, so the tenant check passes', () => {
    const amo = new URLSearchParams(exampleBody({ kind: 'amocrm', settings: { accountId: '29085955' } }, now));
    expect(amo.get('account[id]')).toBe('29085955');
    const twenty = JSON.parse(exampleBody({ kind: 'twenty', settings: { workspaceId: 'ws-1' } }, now));
    expect(twenty.workspaceId).toBe('ws-1');
    const hubspot = JSON.parse(exampleBody({ kind: 'hubspot', settings: { portalId: '4711' } }, now));
    expect(hubspot[0].portalId).toBe(4711);
  });

  it('is recent, so a replay window does not refuse it', () => {
    expect(JSON.parse(exampleBody({ kind: 'generic', settings: {} }, now)).occurredAt).toBe(now.toISOString());
    expect(new URLSearchParams(exampleBody({ kind: 'bitrix24', settings: {} }, now)).get('ts')).toBe('1796292000');
  });
});
