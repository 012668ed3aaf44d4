// A page of the audit log for the filters in the URL: record kind, action, a day range, and the offset.
import { isRedirect } from '@sveltejs/kit';
import { type AuditPage, listAudit } from '#lib/api/audit.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { AUDIT_PAGE_SIZE, dayStart } from '#lib/settings/audit-entry.ts';
import { AUDIT_DEPENDENCY } from '#lib/settings/settings-dependencies.ts';
import type { PageLoad } from './$types';

export interface AuditFilters {
  entity: string;
  /** one record's entries only, as linked from its screen */
  entityId: string;
  action: string;
  from: string;
  to: string;
  offset: number;
}

export const load: PageLoad = async ({
  fetch,
  url,
  depends,
}): Promise<{ filters: AuditFilters; page: AuditPage | null; error: ErrorInfo | null }> => {
  depends(AUDIT_DEPENDENCY);
  const param = (name: string) => url.searchParams.get(name)?.trim() ?? '';
  const offset = Math.max(0, Number.parseInt(param('offset'), 10) || 0);
  const filters: AuditFilters = {
    entity: param('entity'),
    entityId: param('entityId'),
    action: param('action'),
    from: param('from'),
    to: param('to'),
    offset,
  };
  try {
    const page = await listAudit(
      {
        entity: filters.entity || undefined,
        entityId: filters.entityId || undefined,
        action: filters.action || undefined,
        from: dayStart(filters.from),
        to: dayStart(filters.to, 1),
        limit: AUDIT_PAGE_SIZE,
        offset,
      },
      { fetch },
    );
    return { filters, page, error: null };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { filters, page: null, error: toErrorInfo(error) };
  }
};
