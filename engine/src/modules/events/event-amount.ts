// An event's amount as the API shows it: a decimal string in the event's currency, or null.
import type { Event } from '../../db/entities/event.entity.ts';
import { fromMinor } from '../../lib/money.ts';

export function eventAmount(event: Pick<Event, 'amountMinor' | 'currency'>): string | null {
  return event.amountMinor != null && event.currency ? fromMinor(event.amountMinor, event.currency) : null;
}
