// The delivery log's paging and filter, as pure functions: the engine pages by `before` (strictly
// older than a receipt time), newest first.
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus } from '../api/types.ts';

export const DELIVERY_PAGE_SIZE = 50;
export const DELIVERY_STATUS_PARAM = 'status';

export function parseDeliveryStatus(value: string | null): DeliveryStatus | undefined {
  return (DELIVERY_STATUSES as readonly string[]).includes(value ?? '') ? (value as DeliveryStatus) : undefined;
}

export interface DeliveryPage {
  items: Delivery[];
  /** `before` for the next page; null when the log has no more. */
  next: string | null;
}

/**
 * Where the page after `items` starts. Deliveries can share a receipt time, and `before` excludes
 * that time, so a page that ends inside such a group would hide the rest of it: the next page asks
 * for one millisecond later and `appendPage` drops what was seen already.
 */
export function nextCursor(items: readonly Delivery[], pageSize: number): string | null {
  const last = items.at(-1);
  if (!last || items.length < pageSize) return null;
  const time = Date.parse(last.receivedAt);
  return Number.isNaN(time) ? null : new Date(time + 1).toISOString();
}

/**
 * `page` after `shown`, without the deliveries already shown. A full page with nothing new (more
 * deliveries at one millisecond than fit a page) moves the cursor past that millisecond so paging
 * never loops.
 */
export function appendPage(shown: DeliveryPage, page: readonly Delivery[], pageSize: number): DeliveryPage {
  const seen = new Set(shown.items.map((item) => item.id));
  const fresh = page.filter((item) => !seen.has(item.id));
  const items = [...shown.items, ...fresh];
  if (page.length < pageSize) return { items, next: null };
  if (fresh.length === 0) {
    const time = Date.parse(page.at(-1)?.receivedAt ?? '');
    return { items, next: Number.isNaN(time) ? null : new Date(time).toISOString() };
  }
  return { items, next: nextCursor(page, pageSize) };
}

/** Only failed re-reads can be replayed; a pending one is still being tried, a done one succeeded. */
export function canReplay(enrichment: Delivery['enrichments'][number]): boolean {
  return enrichment.status === 'failed';
}

/** A delivery that needs a look: rejected, or with a re-read that gave up. */
export function needsAttention(delivery: Delivery): boolean {
  return delivery.status === 'rejected' || delivery.enrichments.some(canReplay);
}
