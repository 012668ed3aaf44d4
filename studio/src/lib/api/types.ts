// Shapes of the engine's HTTP API as the studio sees them (plain JSON: ISO date strings, decimal
// strings for money). The engine's OpenAPI document is the full contract; keep these in step with it.

/** Text the engine stores in both studio languages (rule names, alert messages). */
export interface LocalizedText {
  en: string;
  ru: string;
}

export type UserRole = string;

export interface User {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface SessionResponse {
  user: User;
  /** Sent back as X-CSRF-Token with every write made with the session cookie; null for bearer tokens. */
  csrfToken: string | null;
}

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The CRM event that fired the alert rule. */
export interface EventCause {
  kind: 'event';
  eventId: string;
  /** The id the CRM gave the event (e.g. `d-1`); what people recognise. */
  externalId: string;
  type: string;
  /** Decimal string, e.g. `"300000.00"`. */
  amount: string | null;
  /** ISO 4217 code, e.g. `RUB`. */
  currency: string | null;
  occurredAt: string;
}

/** A scheduled or on-demand evaluation that fired the alert rule. */
export interface EvaluationCause {
  kind: 'evaluation';
  evaluationId: string;
}

export type AlertCause = EventCause | EvaluationCause;

export interface Alert {
  id: string;
  ruleId: string;
  ruleName: LocalizedText;
  severity: AlertSeverity;
  status: AlertStatus;
  message: LocalizedText;
  employee: { id: string; name: string };
  cause: AlertCause;
  /** `2026-10`, `2026-Q4`, `2026-H2` or `2026`. */
  period: string;
  createdAt: string;
}

export interface AlertQuery {
  status?: AlertStatus;
  employee?: string;
}

export interface AlertList {
  items: Alert[];
}

export type HealthState = 'ok' | (string & {});

export interface Health {
  status: HealthState;
  db: HealthState;
  temporal: HealthState;
}

// --- CRM sources ------------------------------------------------------------------------------

export const SOURCE_KINDS = ['generic', 'bitrix24', 'amocrm', 'hubspot', 'pipedrive', 'twenty'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Polling the CRM for what webhooks miss (at-most-once CRMs, overdue tasks); CRM kinds only. */
export interface Reconciliation {
  /** Whether the engine polls on its own schedule. */
  enabled: boolean;
  lastPolledAt: string | null;
  /** The last poll's failure (which list: deals or tasks), kept until a poll succeeds. */
  lastError: PollError | null;
  nextPollAt: string | null;
}

export interface PollError {
  list: 'deals' | 'tasks' | (string & {});
  code: string;
  message: string;
}

export interface Source {
  id: string;
  name: string;
  kind: SourceKind;
  /** Whether a secret is set; the secret itself is only ever shown when it is created or rotated. */
  signed: boolean;
  settings: Record<string, unknown>;
  /** The URL to configure in the CRM (amoCRM's carries a `{secret}` placeholder after creation). */
  url: string;
  createdAt: string;
  /** Absent on engines that do not poll yet. */
  reconciliation?: Reconciliation | null;
}

/** A source as answered by create and by secret rotation: the secret, this once. */
export type SourceWithSecret = Source & { secret: string | null };

export interface SourceList {
  items: Source[];
}

export interface CreateSourceRequest {
  id?: string;
  name: string;
  kind: SourceKind;
  secret?: string;
  settings?: Record<string, unknown>;
}

export interface UpdateSourceRequest {
  name?: string;
  settings?: Record<string, unknown>;
}

export const DELIVERY_STATUSES = ['accepted', 'duplicate', 'rejected', 'test'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const ENRICHMENT_STATUSES = ['pending', 'done', 'failed'] as const;
export type EnrichmentStatus = (typeof ENRICHMENT_STATUSES)[number];

/** A REST re-read of a CRM object that a webhook only hinted at. */
export interface Enrichment {
  id: string;
  object: string;
  objectId: string;
  status: EnrichmentStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: { code: string; message: string; retryable: boolean } | null;
  updatedAt: string;
}

export interface SkippedPart {
  ref: string;
  reason: string;
}

export interface Delivery {
  id: string;
  status: DeliveryStatus;
  deliveryKey: string | null;
  /** A duplicate: the earlier delivery it repeats (nothing new was stored). */
  duplicateOf?: string | null;
  error: { code: string; message: string; details?: unknown } | null;
  contentType: string | null;
  receivedAt: string;
  /** Events this delivery stored. */
  events: number;
  skipped: SkippedPart[];
  enrichments: Enrichment[];
}

export interface DeliveryQuery {
  status?: DeliveryStatus;
  limit?: number;
  /** The next page: `next` of the previous answer. */
  cursor?: string;
}

export interface DeliveryList {
  items: Delivery[];
  /** The cursor of the next page; null on the last. */
  next: string | null;
}

export interface SourceTestRequest {
  /** The raw body, exactly as the CRM would send it. */
  body: string;
  contentType?: string;
  /** Unsaved settings to try instead of the stored ones (the mapping editor's draft). */
  settings?: Record<string, unknown>;
}

export interface TestEvent {
  externalId: string;
  type: string;
  occurredAt: string;
  externalEmployeeId: string | null;
  /** null when the CRM user is not mapped to an employee. */
  employeeId: string | null;
  amount: string | null;
  currency: string | null;
  attributes: Record<string, unknown>;
}

export interface SourceTestResult {
  events: TestEvent[];
  skipped: SkippedPart[];
  enrichments: { object: string; id: string }[];
  deliveryId: string;
}

/** One problem of a validation error (422): where (a JSON pointer) and what. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export const MAPPING_LANGUAGES = ['pointer', 'jsonata'] as const;
export type MappingLanguage = (typeof MAPPING_LANGUAGES)[number];

/** A mapped field: an expression in the mapping's language, or a fixed value. */
export type FieldSpec = string | { const: string | number | boolean | null };

/** How a generic source reads events out of a body that is not in Yardstick's own shape. */
export interface GenericMapping {
  language: MappingLanguage;
  /** Selects the records of a body; absent: the body itself, or its elements when it is an array. */
  items?: string;
  fields: {
    id: FieldSpec;
    type: FieldSpec;
    employee: FieldSpec;
    occurredAt: FieldSpec;
    amount?: FieldSpec;
    currency?: FieldSpec;
    attributes?: Record<string, FieldSpec>;
  };
  /** The sender's type names → Yardstick event types; null skips records of that type. */
  types?: Record<string, string | null>;
  /** A record whose type is not in `types`: kept as it is (it must be dotted) or skipped. */
  otherTypes?: 'keep' | 'skip';
}

export interface UnmappedUser {
  externalUserId: string;
  events: number;
  firstSeenAt: string;
  lastSeenAt: string;
  lastEventType: string;
}

export interface UnmappedUserList {
  items: UnmappedUser[];
}

export interface UserMapping {
  sourceId: string;
  externalUserId: string;
  employeeId: string;
  employeeName: string;
}

export interface UserMappingList {
  items: UserMapping[];
}

export interface UserMappingResult extends UserMapping {
  /** Events of this CRM user that now count for the employee. */
  reattributed: number;
}

export interface ReconcileResult {
  /** changed deals read */
  deals: number;
  /** deal events newly stored */
  events: number;
  /** task.overdue events newly stored */
  overdueTasks: number;
  /** lists that failed; the next poll reads them again */
  errors?: PollError[];
}

// --- people -----------------------------------------------------------------------------------

export interface Employee {
  id: string;
  name: string;
  email: string | null;
  role: string;
  departmentId: string;
  /** Source id → the CRM's user id. */
  externalIds: Record<string, string>;
}

export interface EmployeeList {
  items: Employee[];
  total: number;
}

/** The engine's error envelope: `{ error: { code, message, details? } }`. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details?: unknown;
  };
}
