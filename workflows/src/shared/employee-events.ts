// Messages and payloads of the per-employee events workflow, shared by the workflow and its clients.
import { defineSignal } from '@temporalio/workflow';
import type { AlertRule, AlertSeverity, ClawbackPolicy, LocalizedText } from './scheme-definition.ts';

// `employee-inbox/`: workflows of the earlier protocol (`employee-events/`, event ids in signals) are left idle
// rather than replayed against this code.
export const employeeEventsWorkflowId = (employeeId: string): string => `employee-inbox/${employeeId}`;

/** Events wait for the employee (sent with signal-with-start once per clean→dirty transition); they carry no ids:
 *  the workflow takes what waits. */
export const eventsWaitingSignal = defineSignal<[]>('eventsWaiting');

export interface EmployeeEventsInput {
  employeeId: string;
  /** events were waiting when the previous run continued as new */
  waiting?: boolean;
}

/** At most this many events are taken per batch (they travel through the workflow history). */
export const TAKE_LIMIT = 200;

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
  /** the version's clawback policy, when it has one (absent in batches taken before clawbacks existed) */
  clawback?: ClawbackPolicy | null;
}

export interface EventBatchContext {
  employee: RuleEmployee;
  schemes: SchemeAlertRules[];
  events: { event: RuleEvent; period: RulePeriod }[];
  /** more events wait than one batch took: the workflow takes again at once */
  more: boolean;
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
  /** what fired the rule: the CRM event, or the evaluation (one of the two is set) */
  causeEventId: string | null;
  causeEvaluationId?: string | null;
}
