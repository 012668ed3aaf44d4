// One source: the source itself, then what its open tab shows — the first page of the delivery log,
// or the CRM users waiting for an employee. A failed part becomes page data, not an error page.

import { listEmployees } from '#lib/api/people.ts';
import { getSource, listDeliveries, listUnmappedUsers, listUserMappings } from '#lib/api/sources.ts';
import type { DeliveryStatus, Employee, Source, UnmappedUser, UserMapping } from '#lib/api/types.ts';
import {
  DELIVERY_PAGE_SIZE,
  DELIVERY_STATUS_PARAM,
  type DeliveryPage,
  parseDeliveryStatus,
} from '#lib/sources/delivery-log.ts';
import { type Loaded, settle } from '#lib/sources/loaded.ts';
import { SOURCES_DEPENDENCY } from '#lib/sources/source-kinds.ts';
import { parseTab, type SourceTab, TAB_PARAM } from '#lib/sources/source-tabs.ts';
import type { PageLoad } from './$types';

interface CrmUsers {
  unmapped: Loaded<UnmappedUser[]>;
  mapped: Loaded<UserMapping[]>;
  employees: Loaded<Employee[]>;
}

interface SourcePageData {
  sourceId: string;
  source: Loaded<Source>;
  tab: SourceTab;
  status: DeliveryStatus | undefined;
  deliveries: Loaded<DeliveryPage> | null;
  users: CrmUsers | null;
  /** for naming the employees a test maps CRM users to */
  employees: Loaded<Employee[]> | null;
}

export const load: PageLoad = async ({ fetch, params, url, depends }): Promise<SourcePageData> => {
  depends(SOURCES_DEPENDENCY);
  const sourceId = params.id;
  const status = parseDeliveryStatus(url.searchParams.get(DELIVERY_STATUS_PARAM));
  const source = await settle(getSource(sourceId, { fetch }));
  const base = { sourceId, source, status, deliveries: null, users: null, employees: null };
  if (!source.ok) return { ...base, tab: 'deliveries' };

  const tab = parseTab(url.searchParams.get(TAB_PARAM), source.value.kind);
  if (tab === 'deliveries') {
    const deliveries = await settle(listDeliveries(sourceId, { status, limit: DELIVERY_PAGE_SIZE }, { fetch }));
    return { ...base, tab, deliveries };
  }
  if (tab === 'users') {
    const [unmapped, mapped, employees] = await Promise.all([
      settle(listUnmappedUsers(sourceId, { fetch })),
      settle(listUserMappings(sourceId, { fetch })),
      settle(listEmployees({ fetch })),
    ]);
    return { ...base, tab, users: { unmapped, mapped, employees } };
  }
  if (tab === 'test' || tab === 'mapping') return { ...base, tab, employees: await settle(listEmployees({ fetch })) };
  return { ...base, tab };
};
