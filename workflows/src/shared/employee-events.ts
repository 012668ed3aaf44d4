// Messages and payloads of the per-employee events workflow, shared by the workflow and its clients.
import { defineSignal } from '@temporalio/workflow';
import type { AlertRule, AlertSeverity, LocalizedText } from './scheme-definition.ts';

export const employeeEventsWorkflowId = (employeeId: string): string => `employee-events/${employeeId}`;

export interface EventsArrived {
  eventIds: string[];
}

/** New events for the employee; sent with signal-with-start. */
export const eventsArrivedSignal = defineSignal<[EventsArrived]>('eventsArrived');

export interface EmployeeEventsInput {
  employeeId: string;
  /** events received but not yet evaluated, carried across continue-as-new */
  pendingEventIds?: string[];
}

/** What a rule sees of an event: plain JSON, money as a decimal string. */
export interface RuleEvent {
  id: string;
  externalId: string;
  sourceId: string;
  type: string;
  occurredAt: string;
  amount: string | null;
  currency: string | null;
  attributes: Record<string, unknown>;
}

export interface RuleEmployee {
  id: string;
  name: string;
  role: string;
  department: string;
  base_bonus: string;
}

export interface RulePeriod {
  key: string;
  start: string;
  end: string;
}

export interface SchemeAlertRules {
  schemeVersionId: string;
  rules: AlertRule[];
}

export interface EventBatchContext {
  employee: RuleEmployee;
  schemes: SchemeAlertRules[];
  events: { event: RuleEvent; period: RulePeriod }[];
}

export interface AlertToRaise {
  dedupeKey: string;
  schemeVersionId: string;
  ruleId: string;
  ruleName: LocalizedText;
  employeeId: string;
  period: string;
  severity: AlertSeverity;
  message: LocalizedText;
  causeEventId: string;
}
