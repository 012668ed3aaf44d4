// The audit log: who changed what, with the record before and after, newest first.
import { api, type CallOptions, call, init, query, type Schema } from './client.ts';

export type AuditEntry = Schema<'AuditEntry'>;

export interface AuditQuery {
  entity?: string;
  entityId?: string;
  action?: string;
  /** ISO instant, inclusive */
  from?: string;
  /** ISO instant, exclusive */
  to?: string;
  limit?: number;
  offset?: number;
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
  limit: number;
  offset: number;
}

export function listAudit(filter: AuditQuery = {}, options: CallOptions = {}): Promise<AuditPage> {
  return call(api.GET('/api/audit', { params: { query: query(filter) }, ...init(options) }));
}
