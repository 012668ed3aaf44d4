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

/** The engine's error envelope: `{ error: { code, message, details? } }`. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details?: unknown;
  };
}
