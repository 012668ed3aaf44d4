// The delivery log's paging and filter, as pure functions: the engine pages newest first and answers
// the cursor of the next page (exact even when deliveries share a receipt time).
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus } from '../api/types.ts';

export const DELIVERY_PAGE_SIZE = 50;
export const DELIVERY_STATUS_PARAM = 'status';

export function parseDeliveryStatus(value: string | null): DeliveryStatus | undefined {
  return (DELIVERY_STATUSES as readonly string[]).includes(value ?? '') ? (value as DeliveryStatus) : undefined;
}

export interface DeliveryPage {
  items: Delivery[];
  /** the engine's cursor of the next page; null when the log has no more */
  next: string | null;
}

/** The deliveries shown so far followed by the next page. */
export function appendPage(shown: DeliveryPage, page: DeliveryPage): DeliveryPage {
  return { items: [...shown.items, ...page.items], next: page.next };
}

/** Only failed re-reads can be replayed; a pending one is still being tried, a done one succeeded. */
export function canReplay(enrichment: Delivery['enrichments'][number]): boolean {
  return enrichment.status === 'failed';
}

/** A delivery that needs a look: rejected, or with a re-read that gave up. */
export function needsAttention(delivery: Delivery): boolean {
  return delivery.status === 'rejected' || delivery.enrichments.some(canReplay);
}
