// What every CRM adapter produces from a delivery: events before attribution and storage.
export interface NormalizedEvent {
  externalId: string;
  type: string;
  occurredAt: Date;
  /** the CRM's user id of the responsible person */
  externalEmployeeId: string | null;
  /** a decimal string */
  amount: string | null;
  currency: string | null;
  attributes: Record<string, unknown>;
}

export interface AdapterResult {
  /** the CRM's id for the delivery, when it sends one; otherwise the body's hash is the key */
  deliveryKey: string | null;
  events: NormalizedEvent[];
  /** parts of the delivery that carry nothing for KPIs, with the reason (for the delivery log) */
  skipped?: { ref: string; reason: string }[];
}
