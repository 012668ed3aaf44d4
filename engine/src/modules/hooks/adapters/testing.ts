// Test support: the shared CRM fixtures (../shared/fixtures/crm beside the repository) and delivery builders.
import { readFileSync } from 'node:fs';
import type { RawDelivery } from './adapter.ts';

const FIXTURES = new URL('../../../../../../shared/fixtures/crm/', import.meta.url);

export function fixture(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES));
}

/** A pretty-printed JSON fixture as the compact bytes the CRM puts on the wire. */
export function wireJson(path: string): Buffer {
  return Buffer.from(JSON.stringify(JSON.parse(fixture(path).toString('utf8'))));
}

export function fixtureJson(path: string): unknown {
  return JSON.parse(fixture(path).toString('utf8'));
}

export function delivery(body: Buffer | string, overrides: Partial<RawDelivery> = {}): RawDelivery {
  return {
    method: 'POST',
    url: 'https://kpi.example.com/hooks/src-1',
    headers: {},
    body: typeof body === 'string' ? Buffer.from(body) : body,
    receivedAt: new Date('2025-01-09T08:10:10.000Z'),
    ...overrides,
  };
}

/** Encodes nested keys the way PHP CRMs do: `a[b][0]=v`, brackets percent-encoded. */
export function form(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replaceAll('%20', '+')}`).join('&');
}
