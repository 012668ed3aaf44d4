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

/**
 * One line of a KPI card: a metric's attainment (actual / plan) scaled to an achievement coefficient.
 * `threshold`, `plan` and `cap` are attainments (0.8, 1, 1.2), as the rule language's `scale` reads them.
 */
export interface KpiLine {
  /** a metric key of the catalog */
  metric: string;
  /** share of the bonus, 0–1; the lines' weights add up to 1 */
  weight: number;
  /** below this attainment the line gives 0 */
  threshold: number;
  /** the attainment that gives coefficient 1 (default 1) */
  plan?: number;
  /** the attainment at which the line stops growing */
  cap: number;
  /** `linear` (default) or `stepped` (the last point reached) */
  scale?: 'linear' | 'stepped';
}

export interface ReviewPolicy {
  /** whether a proposed bonus waits for a human decision; otherwise it is approved when proposed */
  required: boolean;
  /** who decides: a manager of the employee's department, HR or an admin (admins and HR always may) */
  reviewerRole: 'manager' | 'hr' | 'admin';
  /** days from the proposal to the review's deadline */
  deadlineDays: number;
  /** a reminder this many days before each deadline (default [1]); each is less than the round's length */
  remindBeforeDays?: number[];
  /** at the deadline, the review passes to this role (default `hr`); null: it stays with the reviewer */
  escalateTo?: 'hr' | 'admin' | null;
  /** days from the escalation to the new deadline (default 3) */
  escalationDays?: number;
}

/** What a rule sees of a KPI in a golden case or an evaluation. */
export type KpiInput = {
  actual: number | string | null;
  plan: number | string | null;
  /** optional figures a rule may read: pace, forecast… */
  [figure: string]: unknown;
};

/** An example employee and the payout the version must give them; publishing runs every case. */
export interface GoldenCase {
  name: string;
  context: {
    employee: { id?: string; role?: string; department?: string; base_bonus: string; [key: string]: unknown };
    kpi: Record<string, KpiInput>;
  };
  expected: { payout: string; currency: string };
}

export interface SchemeDefinition {
  /** who the scheme covers: department keys, roles, employee ids; empty lists mean "any" */
  scope: { departments: string[]; roles: string[]; employees: string[] };
  periodKind: 'month' | 'quarter' | 'half-year' | 'year';
  /**
   * Alert rules. `on` lists the CRM event types that trigger a rule (empty: every event); a rule
   * whose `on` includes `"evaluation"` is also checked when the scheme is evaluated for a period.
   */
  alertRules: AlertRule[];
  /** the KPI lines; their achievements are reported per line and may be read by the payout rule */
  kpis: KpiLine[];
  /** JSON-logic producing the payout, a decimal string (`money`/`round`); null: the scheme pays nothing */
  payout: unknown;
  /** the payout's currency (default RUB) */
  currency?: string;
  /**
   * The base bonus (decimal string, in the scheme's currency) per employee role: an employee whose role is
   * listed gets it as `employee.base_bonus` instead of their own. Roles not listed keep the employee's own.
   */
  baseBonusByRole?: Record<string, string>;
  /** default: required, decided by a manager within 5 days */
  reviewPolicy?: ReviewPolicy;
  /** what employees see of the leaderboard: ranks, rank bands or nothing (default) */
  leaderboard?: 'ranks' | 'bands' | 'hidden';
  /** employees who join or leave mid-period: paid in full (`none`, default) or by working days */
  proration?: 'none' | 'working-days';
  goldenCases?: GoldenCase[];
  /**
   * When the version's Temporal Schedules run, as cron expressions in the organization's time zone. Defaults:
   * progress daily at 06:00, close on the first day after the period at 04:00 (`defaultCloseCron`).
   */
  schedule?: { progress?: string; close?: string };
  /**
   * Paid bonuses taken back when a deal won and paid is reversed (lost, reopened, refunded) within
   * `windowDays` after its win: a `clawback` line in the period of the reversal.
   */
  clawback?: ClawbackPolicy;
}

export interface ClawbackPolicy {
  /** a reversal up to this many days after the win claws back */
  windowDays: number;
  /** the event types that reverse a won deal (default `deal.lost`, `deal.reopened`, `deal.refunded`) */
  events?: string[];
}

export const DEFAULT_CLAWBACK_EVENTS: readonly string[] = ['deal.lost', 'deal.reopened', 'deal.refunded'];

/** An alert rule's pseudo event type for period evaluations. */
export const EVALUATION_TRIGGER = 'evaluation';

export const DEFAULT_REVIEW_POLICY: ReviewPolicy = {
  required: true,
  reviewerRole: 'manager',
  deadlineDays: 5,
  remindBeforeDays: [1],
  escalateTo: 'hr',
  escalationDays: 3,
};
