// The JSON a scheme version carries. Plain data: it crosses HTTP, the database and Temporal.

export interface LocalizedText {
  en: string;
  ru: string;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface AlertRule {
  /** stable within the scheme; part of the alert's dedupe key */
  id: string;
  name: LocalizedText;
  /** event types that trigger the rule; empty means every event */
  on: string[];
  severity: AlertSeverity;
  /** JSON-logic over the rule context (`employee`, `event`, `period`, `kpi`) */
  when: unknown;
  /** message templates; `{{path}}` reads from the rule context */
  message: LocalizedText;
}

export interface SchemeDefinition {
  /** who the scheme covers: department keys, roles, employee ids; empty lists mean "any" */
  scope: { departments: string[]; roles: string[]; employees: string[] };
  periodKind: 'month' | 'quarter' | 'half-year' | 'year';
  alertRules: AlertRule[];
  /** KPI lines and the payout formula; shaped by the rule language (issue 3) */
  kpis: unknown[];
  payout: unknown;
}
