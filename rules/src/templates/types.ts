// A ready-made KPI card: a payout rule with a bilingual title and a worked example.
import type { Message, Rule, RuleContext } from '../types.ts';

export interface KpiCardTemplate {
  id: string;
  title: Message;
  description: Message;
  /** The metric keys the rule reads (for the catalog) */
  metrics: string[];
  rule: Rule;
  /** An employee and the payout the rule gives them: a golden case for the studio and the tests. */
  example: { context: RuleContext; payout: string };
}
