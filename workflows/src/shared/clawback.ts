// Clawbacks: which events reverse a won deal, and whether the reversal falls inside the scheme's window.
// Pure, so that the workflow decides what to hand to the clawback activity and the engine applies the same
// window when it looks for the win.
import { type ClawbackPolicy, DEFAULT_CLAWBACK_EVENTS } from './scheme-definition.ts';

/** The attribute that names an event's deal, as the CRM adapters write it (a generic event may set it too). */
export const DEAL_ATTRIBUTE = 'dealId';

/** The event type of a won deal, the one a reversal takes back. */
export const DEAL_WON = 'deal.won';

/** The deal an event belongs to (`attributes.dealId`, a string or a number), else null. */
export function dealOf(attributes: Record<string, unknown> | null | undefined): string | null {
  const value = attributes?.[DEAL_ATTRIBUTE];
  if (typeof value === 'string') return value.length > 0 ? value : null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** The event types that reverse a won deal under this policy. */
export function reversalTypes(policy: ClawbackPolicy): readonly string[] {
  return policy.events && policy.events.length > 0 ? policy.events : DEFAULT_CLAWBACK_EVENTS;
}

/** A reversal of a deal that reached an employee's workflow, for one scheme version with a clawback policy. */
export interface Reversal {
  schemeVersionId: string;
  eventId: string;
  sourceId: string;
  deal: string;
  type: string;
  occurredAt: string;
}

/** The events of a batch that may claw back, per scheme version whose policy lists their type. */
export function reversalsIn(
  schemes: readonly { schemeVersionId: string; clawback?: ClawbackPolicy | null }[],
  events: readonly {
    id: string;
    sourceId: string;
    type: string;
    occurredAt: string;
    attributes: Record<string, unknown>;
  }[],
): Reversal[] {
  const reversals: Reversal[] = [];
  for (const scheme of schemes) {
    if (!scheme.clawback) continue;
    const types = reversalTypes(scheme.clawback);
    for (const event of events) {
      const deal = dealOf(event.attributes);
      if (deal === null || !types.includes(event.type)) continue;
      reversals.push({
        schemeVersionId: scheme.schemeVersionId,
        eventId: event.id,
        sourceId: event.sourceId,
        deal,
        type: event.type,
        occurredAt: event.occurredAt,
      });
    }
  }
  return reversals;
}

const DAY_MS = 86_400_000;

/** The instants a win must fall between for a reversal at `reversalAt` to claw it back (both ends included). */
export function clawbackWindow(reversalAt: Date, windowDays: number): { from: Date; to: Date } {
  return { from: new Date(reversalAt.getTime() - windowDays * DAY_MS), to: reversalAt };
}

/** Whether a win at `wonAt` is clawed back by a reversal at `reversalAt`: not after it, at most `windowDays` before. */
export function withinClawbackWindow(wonAt: Date, reversalAt: Date, windowDays: number): boolean {
  const { from, to } = clawbackWindow(reversalAt, windowDays);
  return wonAt.getTime() >= from.getTime() && wonAt.getTime() <= to.getTime();
}

/** The cause of the clawback line for a deal and the period it was paid in: one line per pair, ever. */
export function clawbackCause(deal: string, paidPeriod: string): string {
  const cause = `clawback:${deal}:${paidPeriod}`;
  // a cause is at most 128 characters; a longer deal id is named by its hash
  return cause.length <= 128 ? cause : `clawback:#${fnv1a(deal)}:${paidPeriod}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: stable, dependency-free (the workflow sandbox has no crypto). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The clawback of a period, in minor units: recomputed − paid when that is negative, else nothing. */
export function clawbackAmount(recomputedMinor: bigint, paidMinor: bigint): bigint | null {
  const difference = recomputedMinor - paidMinor;
  return difference < 0n ? difference : null;
}
