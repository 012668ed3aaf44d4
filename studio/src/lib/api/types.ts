// Names the studio uses for the engine's shapes. Records are the generated OpenAPI schemas
// (schema.d.ts); what is here besides are the enumerations the studio lists in its filters and the
// shapes the document leaves open (a generic source's mapping, validation details).
import type { Schema } from './client.ts';

export type LocalizedText = Schema<'LocalizedText'>;

export type UserRole = string;

export type User = Schema<'User'>;

export type LoginRequest = Schema<'LoginRequest'>;

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** What fired an alert: a CRM event or an evaluation; null for alerts stored before causes were. */
export type AlertCause = NonNullable<Schema<'Alert'>['cause']>;
export type EventCause = Extract<AlertCause, { kind: 'event' }>;
export type EvaluationCause = Extract<AlertCause, { kind: 'evaluation' }>;

export type Alert = Schema<'Alert'>;

export interface AlertQuery {
  status?: AlertStatus;
  employee?: string;
}

export type HealthState = 'ok' | (string & {});

export type Health = Schema<'Health'>;

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

export type Source = Schema<'Source'>;

/** A source as answered by create and by secret rotation: the secret, this once. */
export type SourceWithSecret = Source & { secret: string | null };

export type CreateSourceRequest = Schema<'CreateSourceRequest'>;

export type UpdateSourceRequest = Schema<'UpdateSourceRequest'>;

export const DELIVERY_STATUSES = ['accepted', 'duplicate', 'rejected', 'test'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const ENRICHMENT_STATUSES = ['pending', 'done', 'failed'] as const;
export type EnrichmentStatus = (typeof ENRICHMENT_STATUSES)[number];

export type Enrichment = Schema<'Enrichment'>;

export interface SkippedPart {
  ref: string;
  reason: string;
}

export type Delivery = Schema<'Delivery'>;

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

export type SourceTestRequest = Schema<'TestSourceRequest'>;

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

export type SourceTestResult = Schema<'TestDeliveryResult'>;

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

export type UnmappedUser = Schema<'UnmappedCrmUser'>;

export type UserMapping = Schema<'CrmUserMapping'>;

export interface UserMappingResult extends UserMapping {
  /** Events of this CRM user that now count for the employee. */
  reattributed: number;
}

export type ReconcileResult = Schema<'ReconcileResult'>;

// --- people -----------------------------------------------------------------------------------

export type Employee = Schema<'Employee'>;

/** The engine's error envelope: `{ error: { code, message, details? } }`. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details?: unknown;
  };
}
