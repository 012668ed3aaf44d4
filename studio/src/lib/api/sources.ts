// CRM sources: settings, secret, delivery log, test payloads, CRM user mapping, reconciliation.
import { api, type CallOptions, call, init, query } from './client.ts';
import type {
  CreateSourceRequest,
  DeliveryList,
  DeliveryQuery,
  Enrichment,
  ReconcileResult,
  Source,
  SourceTestRequest,
  SourceTestResult,
  SourceWithSecret,
  UnmappedUser,
  UpdateSourceRequest,
  UserMapping,
} from './types.ts';

const source = (id: string) => ({ path: { id } });

export async function listSources(options: CallOptions = {}): Promise<Source[]> {
  const { items } = await call(api.GET('/api/sources', init(options)));
  return items;
}

export function getSource(id: string, options: CallOptions = {}): Promise<Source> {
  return call(api.GET('/api/sources/{id}', { params: source(id), ...init(options) }));
}

/** Registers a source; the answer carries its secret, which the engine never shows again. */
export function createSource(body: CreateSourceRequest, options: CallOptions = {}): Promise<SourceWithSecret> {
  return call(api.POST('/api/sources', { body, ...init(options) }));
}

export function updateSource(id: string, body: UpdateSourceRequest, options: CallOptions = {}): Promise<Source> {
  return call(api.PATCH('/api/sources/{id}', { params: source(id), body, ...init(options) }));
}

/** Replaces the secret with `secret`, or with a new generated one; the answer shows it this once. */
export function rotateSourceSecret(id: string, secret?: string, options: CallOptions = {}): Promise<SourceWithSecret> {
  return call(
    api.POST('/api/sources/{id}/secret', { params: source(id), body: secret ? { secret } : {}, ...init(options) }),
  );
}

export function listDeliveries(
  id: string,
  filter: DeliveryQuery = {},
  options: CallOptions = {},
): Promise<DeliveryList> {
  return call(
    api.GET('/api/sources/{id}/deliveries', {
      params: { ...source(id), query: query(filter) },
      ...init(options),
    }),
  );
}

export function replayEnrichment(id: string, enrichmentId: string, options: CallOptions = {}): Promise<Enrichment> {
  return call(
    api.POST('/api/sources/{id}/enrichments/{enrichmentId}/replay', {
      params: { path: { id, enrichmentId } },
      ...init(options),
    }),
  );
}

/**
 * Runs a sample body through the source as a delivery would go, storing nothing but a `test` entry in
 * the delivery log. An invalid body is an ApiError whose details list `{ path, message }`.
 */
export function testSource(id: string, body: SourceTestRequest, options: CallOptions = {}): Promise<SourceTestResult> {
  return call(api.POST('/api/sources/{id}/test', { params: source(id), body, ...init(options) }));
}

export async function listUnmappedUsers(id: string, options: CallOptions = {}): Promise<UnmappedUser[]> {
  const { items } = await call(api.GET('/api/sources/{id}/unmapped-users', { params: source(id), ...init(options) }));
  return items;
}

export async function listUserMappings(id: string, options: CallOptions = {}): Promise<UserMapping[]> {
  const { items } = await call(api.GET('/api/sources/{id}/user-mappings', { params: source(id), ...init(options) }));
  return items;
}

/** Says which employee a CRM user is; the events already stored for that user count for them from now on. */
export function mapUser(id: string, externalUserId: string, employeeId: string, options: CallOptions = {}) {
  return call(
    api.PUT('/api/sources/{id}/user-mappings/{externalUserId}', {
      params: { path: { id, externalUserId } },
      body: { employeeId },
      ...init(options),
    }),
  );
}

/** Forgets which employee a CRM user is; their later events are kept unmapped, earlier ones stay attributed. */
export async function unmapUser(id: string, externalUserId: string, options: CallOptions = {}): Promise<void> {
  await call(
    api.DELETE('/api/sources/{id}/user-mappings/{externalUserId}', {
      params: { path: { id, externalUserId } },
      ...init(options),
    }),
  );
}

/** Polls the CRM now instead of waiting for the next scheduled reconciliation. */
export function reconcileSource(id: string, options: CallOptions = {}): Promise<ReconcileResult> {
  return call(api.POST('/api/sources/{id}/reconcile', { params: source(id), ...init(options) }));
}
